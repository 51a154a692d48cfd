/** Every runtime the harness knows, in the order a full run visits them: each runtime package owns its launcher. */
import { type RuntimeLauncher, TIERS, type Tier } from '@racelab/core';
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

/**
 * The tiers `--tier` (or a config's `run.tier`) names: comma-separated or
 * repeated, `default` for the runtime's own configuration, or `all` (default
 * and every tier). Undefined stands for the default.
 */
export function tiersFor(values: readonly string[], origin: Origin = FROM_CLI): (Tier | undefined)[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const valid = ['default', ...TIERS, 'all'];
  const chosen = new Set<Tier | undefined>();
  for (const name of names) {
    if (!valid.includes(name)) throw invalidValue('tier', '--tier', name, origin, `unknown tier. Valid tiers: ${valid.join(', ')}`);
    if (name === 'all') [undefined, ...TIERS].forEach((t) => chosen.add(t));
    else chosen.add(name === 'default' ? undefined : (name as Tier));
  }
  return chosen.size > 0 ? [...chosen] : [undefined];
}
