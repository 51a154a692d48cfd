/** Every runtime the harness knows, in the order a full run visits them: each runtime package owns its launcher. */
import type { RuntimeLauncher } from '@racelab/core';
import { runtimeId } from '@racelab/core/schema';
import { chromiumLauncher, firefoxLauncher } from '@racelab/runtime-browser/launcher';
import { bunLauncher } from '@racelab/runtime-bun/launcher';
import { denoLauncher } from '@racelab/runtime-deno/launcher';
import { nodeLauncher } from '@racelab/runtime-node/launcher';
import { FROM_CLI, type Origin, invalidValue } from './options/run-settings.js';

export const launchers: readonly RuntimeLauncher[] = [nodeLauncher, denoLauncher, bunLauncher, chromiumLauncher, firefoxLauncher];

/** The launchers `--runtime` (or a config's `run.runtime`) names: comma-separated or repeated ids, or `all`. */
export function launchersFor(values: readonly string[], origin: Origin = FROM_CLI): RuntimeLauncher[] {
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (ids.includes('all')) return [...launchers];
  return [...new Set(ids)].map((id) => {
    const launcher = launchers.find((l) => l.id === id);
    if (!launcher) throw invalidValue('runtime', '--runtime', id, origin, `unknown runtime. Valid runtimes: ${runtimeId.options.join(', ')}, all`);
    return launcher;
  });
}
