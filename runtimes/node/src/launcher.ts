/** The harness side of the Node runtime: start a worker_threads host with the harness's own Node. */
import { fileURLToPath } from 'node:url';
import type { RuntimeLauncher } from '@racelab/core';
import { spawnHost } from '@racelab/host-process';

/** Node: the harness's own Node binary runs the worker_threads host. */
export const nodeLauncher: RuntimeLauncher = {
  id: 'node',
  detect: async () => ({ available: true }),
  // Every worker_threads Worker inherits the process's heap limit: an actor
  // that allocates without bound ends its worker (ERR_WORKER_OUT_OF_MEMORY, an
  // `error` verdict) instead of the machine's memory.
  start: async (plan) =>
    spawnHost(
      process.execPath,
      [
        ...(plan.workerHeapMiB ? [`--max-old-space-size=${plan.workerHeapMiB}`] : []),
        fileURLToPath(new URL('./host.js', import.meta.url)),
      ],
      plan,
    ),
};
