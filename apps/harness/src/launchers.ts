/** Every runtime the harness knows, in the order a full run visits them: each runtime package owns its launcher. */
import { type RuntimeLauncher, TIERS, type Tier } from '@racelab/core';
import { runtimeId } from '@racelab/core/schema';
import { chromiumLauncher, firefoxLauncher } from '@racelab/runtime-browser/launcher';
import { packageVersion } from '@racelab/host-process';
import { BUN_BINARY, bunLauncher, createBunLauncher } from '@racelab/runtime-bun/launcher';
import { DENO_BINARY, createDenoLauncher, denoLauncher } from '@racelab/runtime-deno/launcher';
import { createNodeLauncher, nodeLauncher } from '@racelab/runtime-node/launcher';
import { type ProgressListener, VersionUnavailable, type VersionedRuntime, installRuntime, isVersionedRuntime } from '@racelab/runtime-versions';
import { FROM_CLI, type Origin, invalidValue } from './options/run-settings.js';
import { UsageError } from './options/usage-error.js';

export const launchers: readonly RuntimeLauncher[] = [nodeLauncher, denoLauncher, bunLauncher, chromiumLauncher, firefoxLauncher];

/**
 * The launchers `--runtime` (or a config's `run.runtime`) names: comma-separated or repeated ids, or `all`.
 * Versions (`node@22`) need a download: see {@link resolveLaunchers}.
 */
export function launchersFor(values: readonly string[], origin: Origin = FROM_CLI): RuntimeLauncher[] {
  const ids = runtimeIds(values);
  if (ids.includes('all')) return [...launchers];
  return [...new Set(ids)].map((id) => {
    if (id.includes('@')) throw invalidValue('runtime', '--runtime', id, origin, 'this command runs the default version of each runtime only (versions: racelab run, racelab doctor)');
    return launcherOf(id, id, origin);
  });
}

/** What {@link resolveLaunchers} tells the user while it works. */
export interface ResolveListeners {
  /** A download's progress. */
  readonly onProgress?: ProgressListener;
  /** Something worth knowing, e.g. that the registry was unreachable and a cached version was taken. */
  readonly onNote?: (text: string) => void;
}

/**
 * The launchers `--runtime` names, versions included: `node@22` (the newest
 * 22.x), `deno@2.1.4`, `bun@latest`, each resolved against the npm registry
 * and downloaded into racelab's cache if it is not there; a bare id is the
 * runtime racelab finds by default. A version that cannot be had is a
 * usage error (exit 2) that says what was asked and what is cached.
 */
export async function resolveLaunchers(values: readonly string[], origin: Origin = FROM_CLI, listeners: ResolveListeners = {}): Promise<RuntimeLauncher[]> {
  const ids = runtimeIds(values);
  if (ids.includes('all')) return [...launchers];
  const chosen: RuntimeLauncher[] = [];
  for (const id of new Set(ids)) {
    const at = id.indexOf('@');
    if (at < 0) {
      chosen.push(launcherOf(id, id, origin));
      continue;
    }
    const [name, spec] = [id.slice(0, at), id.slice(at + 1)];
    launcherOf(name, id, origin);
    if (!isVersionedRuntime(name)) {
      throw invalidValue('runtime', '--runtime', id, origin, `racelab runs the installed ${name} only, whatever its version (browsers are not on the npm registry; see racelab doctor): use --runtime ${name}`);
    }
    if (spec === '') throw invalidValue('runtime', '--runtime', id, origin, `name a version after the @, e.g. ${name}@${name === 'node' ? '22' : name === 'deno' ? '2.1' : '1.2'}`);
    let installed;
    try {
      installed = await installRuntime(name, spec, { onProgress: listeners.onProgress });
    } catch (error) {
      if (error instanceof VersionUnavailable) throw new UsageError(error.message);
      throw error;
    }
    if (installed.note) listeners.onNote?.(installed.note);
    // `node@22,node@22.12` is one column.
    if (chosen.some((l) => l.id === name && l.version === installed.version)) continue;
    chosen.push(VERSIONED[name]({ path: installed.path, version: installed.version }));
  }
  // `deno,deno@2` when deno@2 is the deno racelab brings: one column, not two of the same name.
  return chosen.filter((launcher) => {
    if (launcher.version === undefined || !isVersionedRuntime(launcher.id)) return true;
    const twin = chosen.some((l) => l.id === launcher.id && l.version === undefined) && defaultVersion(launcher.id) === launcher.version;
    if (twin) listeners.onNote?.(`${launcher.id}@${launcher.version} is the ${launcher.id} racelab runs by default: one column`);
    return !twin;
  });
}

/** The version of the runtime a bare id runs, where it is known without starting it. */
function defaultVersion(runtime: VersionedRuntime): string | undefined {
  if (runtime === 'node') return process.versions.node;
  return packageVersion(runtime === 'deno' ? DENO_BINARY : BUN_BINARY);
}

const VERSIONED: Readonly<Record<VersionedRuntime, (pinned: { path: string; version: string }) => RuntimeLauncher>> = {
  node: createNodeLauncher,
  deno: createDenoLauncher,
  bun: createBunLauncher,
};

function runtimeIds(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** The default launcher of runtime `name`; a usage error naming `asked` if there is none. */
function launcherOf(name: string, asked: string, origin: Origin): RuntimeLauncher {
  const launcher = launchers.find((l) => l.id === name);
  if (!launcher) throw invalidValue('runtime', '--runtime', asked, origin, `unknown runtime. Valid runtimes: ${runtimeId.options.join(', ')}, all; node, deno and bun take a version: node@22`);
  return launcher;
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
