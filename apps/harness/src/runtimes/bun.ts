import { fileURLToPath } from 'node:url';
import type { RuntimeLauncher } from '@racelab/core';
import { type BinarySpec, binaryAvailability, requireBinary } from './local-binary.js';
import { spawnHost } from './spawn-host.js';

export const BUN_BINARY: BinarySpec = {
  packageName: 'bun',
  pathInPackage: 'bin/bun.exe',
  envVar: 'RACELAB_BUN',
  install: 'npx -y pnpm@12.4.2 add -D -w bun@1.4.4',
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
    const host = fileURLToPath(import.meta.resolve('@racelab/runtime-bun/host'));
    return spawnHost(bun, ['--no-install', '--no-env-file', '--no-orphans', host], plan, {
      ...process.env,
      DO_NOT_TRACK: '1',
    });
  },
};
