/** The harness side of the Deno runtime: find the deno binary and start the host with the least permissions that work. */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plan, type RuntimeLauncher, V8_TIER_FLAGS } from '@racelab/core';
import { type BinarySpec, binaryAvailability, requireBinary, spawnHost } from '@racelab/host-process';

export const DENO_BINARY: BinarySpec = {
  packageName: 'deno',
  pathInPackage: process.platform === 'win32' ? 'deno.exe' : 'deno',
  resolveFrom: import.meta.url,
  envVar: 'RACELAB_DENO',
  install: "reinstall racelab, whose deno dependency brings the binary (in the repo: npx -y pnpm@12.4.2 install), or set RACELAB_DENO",
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
 *   `--allow-hrtime` (gone in Deno 2); `--v8-flags` only to force a JIT tier
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
export const denoLauncher: RuntimeLauncher = {
  id: 'deno',
  // Deno 2.9.6: worker.terminate() does not stop a busy-looping worker; it
  // spins until its process exits, taking a core from every later experiment.
  restartAfterTimeout: true,
  detect: async () => binaryAvailability(DENO_BINARY),
  tiers: {
    interpreter: `deno --v8-flags=${V8_TIER_FLAGS.interpreter.join(',')} (Ignition only)`,
    baseline: `deno --v8-flags=${V8_TIER_FLAGS.baseline.join(',')} (Sparkplug at most)`,
    optimizing: `deno --v8-flags=${V8_TIER_FLAGS.optimizing.join(',')} (TurboFan from the second call)`,
  },
  start: async (plan, tier) => {
    const deno = requireBinary(DENO_BINARY);
    const host = fileURLToPath(new URL('./host.js', import.meta.url));
    const args = [
      'run',
      '--node-modules-dir=manual',
      `--allow-read=${readableDirs(host, plan).join(',')}`,
      '--no-prompt',
      '--cached-only',
      '--no-lock',
      ...(tier ? [`--v8-flags=${V8_TIER_FLAGS[tier].join(',')}`] : []),
      host,
    ];
    return spawnHost(deno, args, plan, { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' });
  },
};

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
