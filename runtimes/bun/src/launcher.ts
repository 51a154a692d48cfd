/** The harness side of the Bun runtime: find the bun binary and start the host with it. */
import { fileURLToPath } from 'node:url';
import type { RuntimeLauncher } from '@racelab/core';
import { type BinarySpec, binaryAvailability, requireBinary, spawnHost } from '@racelab/host-process';

export const BUN_BINARY: BinarySpec = {
  packageName: 'bun',
  pathInPackage: 'bin/bun.exe',
  resolveFrom: import.meta.url,
  envVar: 'RACELAB_BUN',
  install: "reinstall racelab, whose bun dependency brings the binary (in the repo: npx -y pnpm@12.4.2 install), or set RACELAB_BUN",
};

/**
 * Bun: runs the built host. Bun has no permission system; these flags keep a
 * run from reaching outside what it needs:
 * - `--no-install`: never auto-install a missing package from the network.
 * - `--no-env-file`: do not load a `.env` from wherever the harness was started.
 * - `--no-orphans`: if the harness dies, the host and its workers go with it.
 * - `DO_NOT_TRACK=1`: no crash reports or telemetry sent at run time.
 */
export const bunLauncher: RuntimeLauncher = {
  id: 'bun',
  detect: async () => binaryAvailability(BUN_BINARY),
  start: async (plan) => {
    const bun = requireBinary(BUN_BINARY);
    const host = fileURLToPath(new URL('./host.js', import.meta.url));
    return spawnHost(bun, ['--no-install', '--no-env-file', '--no-orphans', host], plan, {
      ...process.env,
      DO_NOT_TRACK: '1',
    });
  },
};
