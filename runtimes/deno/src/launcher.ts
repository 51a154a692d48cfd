/** The harness side of the Deno runtime: find the deno binary and start the host with the least permissions that work. */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plan, type RuntimeLauncher, type Tier, V8_TIER_FLAGS } from '@racelab/core';
import { type BinarySpec, type PinnedBinary, binaryAvailability, knownV8Flags, pinnedAvailability, requireBinary, spawnHost, tierFlagsFor } from '@racelab/host-process';

export const DENO_BINARY: BinarySpec = {
  packageName: 'deno',
  pathInPackage: process.platform === 'win32' ? 'deno.exe' : 'deno',
  resolveFrom: import.meta.url,
  envVar: 'RACELAB_DENO',
  install: "reinstall racelab, whose deno dependency brings the binary (in the repo: npx -y pnpm@12.4.2 install), or set RACELAB_DENO",
};

const TIER_WORDS: Readonly<Record<Tier, string>> = {
  interpreter: 'Ignition only',
  baseline: 'Sparkplug at most',
  optimizing: 'TurboFan from the second call',
};

/**
 * Deno: runs the built host with the least permissions that work.
 *
 * - `--allow-read` for the modules loaded at run time only: the worker entry
 *   (its directory), core (imported by the worker), and each plugin's package.
 *   The host's own static imports need no permission; workers and dynamic
 *   imports do, one module file at a time.
 * - No `--allow-env`: nothing reads the environment. No `--allow-sys`:
 *   `navigator.hardwareConcurrency` and `Deno.version` need none (checked:
 *   the host and every lesson experiment run without them). No `--allow-net`,
 *   `--allow-hrtime` (gone in Deno 2; Deno 1 gets it, see versionFlags); `--v8-flags` only to force a JIT tier
 *   (SharedArrayBuffer and Atomics are on by default).
 * - `--no-prompt`: a missing permission fails (and becomes an `error`
 *   verdict) instead of waiting for a terminal answer that never comes.
 * - `--cached-only` and `DENO_NO_UPDATE_CHECK=1`: no network at run time.
 * - `--no-lock`: a run must not write a deno.lock into the user's directory.
 * - `--node-modules-dir=manual`: resolve `@racelab/core` through node_modules
 *   as Node does. Deno infers this from a package.json next to node_modules,
 *   but not for a host that itself lives in node_modules (racelab installed
 *   with `npm install -g`): there it fails with "not a dependency".
 * - `NO_COLOR=1`: Deno colours error stacks, which end up in result reasons.
 */
export const denoLauncher: RuntimeLauncher = createDenoLauncher();

/**
 * A Deno launcher: the binary of racelab's `deno` dependency by default, or
 * a version of Deno from racelab's cache (`--runtime deno@2.1`), whose V8
 * flags are probed (`deno run --v8-flags=--help`) and whose command line
 * fits its version.
 */
export function createDenoLauncher(pinned?: PinnedBinary): RuntimeLauncher {
  const flags = pinned
    ? tierFlagsFor(knownV8Flags(pinned.path, ['run', '--v8-flags=--help']), { interpreter: [V8_TIER_FLAGS.interpreter], baseline: [V8_TIER_FLAGS.baseline], optimizing: [V8_TIER_FLAGS.optimizing] })
    : V8_TIER_FLAGS;
  const tiers: Partial<Record<Tier, string>> = {};
  for (const [tier, set] of Object.entries(flags) as [Tier, readonly string[]][]) tiers[tier] = `deno --v8-flags=${set.join(',')} (${TIER_WORDS[tier]})`;
  return {
    id: 'deno',
    ...(pinned && { version: pinned.version }),
    // Deno 2.9.6: worker.terminate() does not stop a busy-looping worker; it
    // spins until its process exits, taking a core from every later experiment.
    restartAfterTimeout: true,
    detect: async () => (pinned ? pinnedAvailability('deno', pinned) : binaryAvailability(DENO_BINARY)),
    tiers,
    start: async (plan, tier) => {
      const deno = pinned?.path ?? requireBinary(DENO_BINARY);
      const host = fileURLToPath(new URL('./host.js', import.meta.url));
      const tierFlags = tier ? flags[tier] : undefined;
      const args = [
        'run',
        ...versionFlags(pinned?.version),
        `--allow-read=${readableDirs(host, plan).join(',')}`,
        '--no-prompt',
        '--cached-only',
        '--no-lock',
        ...(tierFlags ? [`--v8-flags=${tierFlags.join(',')}`] : []),
        host,
      ];
      return spawnHost(deno, args, plan, { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' });
    },
  };
}

/**
 * The flags that differ between Deno 1 and 2. Resolving packages through
 * node_modules as Node does is `--node-modules-dir=manual` from Deno 2.0 on;
 * Deno 1.46 calls it "bring your own node_modules", behind
 * `--unstable-byonm`, and refuses `=manual`. Deno 1 also rounds
 * `performance.now()` to 2 ms without `--allow-hrtime` (measured: a 2 ms
 * clock and no ns/op for short trials), a permission Deno 2 dropped.
 */
function versionFlags(version: string | undefined): string[] {
  const major = version === undefined ? Number.POSITIVE_INFINITY : Number.parseInt(version, 10);
  return major >= 2 ? ['--node-modules-dir=manual'] : ['--unstable-byonm', '--allow-hrtime'];
}

/** The real directories the Deno host must read: its worker's, core's, and each plugin package's. */
export function readableDirs(host: string, plan: Plan): string[] {
  const dirs = new Set<string>([realDir(host), realDir(fileURLToPath(import.meta.resolve('@racelab/core')))]);
  for (const { module } of plan.experiments) {
    if (module.startsWith('file:')) dirs.add(packageRoot(realpathSync(fileURLToPath(module))));
  }
  return [...dirs];
}

function realDir(file: string): string {
  return dirname(realpathSync(file));
}

/** The nearest directory holding a package.json, so a plugin may import its own sibling modules. */
function packageRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}
