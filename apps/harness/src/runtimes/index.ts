/** Every runtime the harness knows, in the order a full run visits them. */
import type { RuntimeId } from '@racelab/core';
import { chromiumLauncher, firefoxLauncher } from '@racelab/runtime-browser';
import type { RuntimeLauncher } from '@racelab/core';
import { bunLauncher } from './bun.js';
import { denoLauncher } from './deno.js';
import { nodeLauncher } from './node.js';

export const launchers: readonly RuntimeLauncher[] = [
  nodeLauncher,
  denoLauncher,
  bunLauncher,
  chromiumLauncher,
  firefoxLauncher,
];

export const runtimeIds: readonly RuntimeId[] = launchers.map((l) => l.id);

export function launcherFor(id: string): RuntimeLauncher | undefined {
  return launchers.find((l) => l.id === id);
}
