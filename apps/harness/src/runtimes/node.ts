import { fileURLToPath } from 'node:url';
import type { RuntimeLauncher } from './launcher.js';
import { spawnHost } from './spawn-host.js';

/** Node: the harness's own Node binary runs the worker_threads host. */
export const nodeLauncher: RuntimeLauncher = {
  id: 'node',
  detect: async () => ({ available: true }),
  start: async (plan) =>
    spawnHost(process.execPath, [fileURLToPath(import.meta.resolve('@racelab/runtime-node/host'))], plan),
};
