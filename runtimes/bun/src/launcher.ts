/** The harness side of the Bun runtime: find the bun binary and start the host with it. */
import { fileURLToPath } from 'node:url';
import type { RuntimeLauncher, Tier } from '@racelab/core';
import { type BinarySpec, type PinnedBinary, binaryAvailability, pinnedAvailability, requireBinary, spawnHost } from '@racelab/host-process';

export const BUN_BINARY: BinarySpec = {
  packageName: 'bun',
  pathInPackage: 'bin/bun.exe',
  resolveFrom: import.meta.url,
  envVar: 'RACELAB_BUN',
  install: "reinstall racelab, whose bun dependency brings the binary (in the repo: npx -y pnpm@12.4.2 install), or set RACELAB_BUN",
};

/**
 * JavaScriptCore options per tier, which Bun reads from `BUN_JSC_*` at start
 * (a misspelled one is refused, exit 1). Measured in a worker: LLInt 15×
 * slower than the default, Baseline 5.4×; jitPolicyScale=0 reaches DFG at
 * the first call. (`useBaselineJIT=0` would turn every JIT off, not cap it.)
 */
const BUN_TIER_ENV: Readonly<Record<Tier, Readonly<Record<string, string>>>> = {
  interpreter: { BUN_JSC_useJIT: '0' },
  baseline: { BUN_JSC_useDFGJIT: '0' },
  optimizing: { BUN_JSC_jitPolicyScale: '0', BUN_JSC_useConcurrentJIT: '0' },
};

const envText = (env: Readonly<Record<string, string>>) => Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');

/**
 * Bun: runs the built host. Bun has no permission system; these flags keep a
 * run from reaching outside what it needs:
 * - `--no-install`: never auto-install a missing package from the network.
 * - `--no-env-file`: do not load a `.env` from wherever the harness was started.
 * - `--no-orphans`: if the harness dies, the host and its workers go with it.
 * - `DO_NOT_TRACK=1`: no crash reports or telemetry sent at run time.
 */
export const bunLauncher: RuntimeLauncher = createBunLauncher();

/** A Bun launcher: the binary of racelab's `bun` dependency by default, or a version of Bun from racelab's cache (`--runtime bun@1.2`). */
export function createBunLauncher(pinned?: PinnedBinary): RuntimeLauncher {
  return {
    id: 'bun',
    ...(pinned && { version: pinned.version }),
    detect: async () => (pinned ? pinnedAvailability('bun', pinned) : binaryAvailability(BUN_BINARY)),
    tiers: {
      interpreter: `${envText(BUN_TIER_ENV.interpreter)} (LLInt only)`,
      baseline: `${envText(BUN_TIER_ENV.baseline)} (Baseline JIT at most)`,
      optimizing: `${envText(BUN_TIER_ENV.optimizing)} (DFG from the first call, then FTL)`,
    },
    start: async (plan, tier) => {
      const bun = pinned?.path ?? requireBinary(BUN_BINARY);
      const host = fileURLToPath(new URL('./host.js', import.meta.url));
      // Bun before 1.1 ignores the flags it does not know (checked: 1.0.0 runs with all three).
      return spawnHost(bun, ['--no-install', '--no-env-file', '--no-orphans', host], plan, {
        ...process.env,
        DO_NOT_TRACK: '1',
        ...(tier && BUN_TIER_ENV[tier]),
      });
    },
  };
}
