/** The harness side of the Node runtime: start a worker_threads host with the harness's own Node. */
import { fileURLToPath } from 'node:url';
import type { RuntimeLauncher, Tier } from '@racelab/core';
import { spawnHost } from '@racelab/host-process';

/**
 * V8 flags per tier for Node 20 (V8 11.3): node takes them on its command
 * line only (a Worker's execArgv refuses V8 flags), and every worker gets
 * them. V8 11.3 has no `--invocation-count-for-turbofan`; these thresholds
 * got a small function to TurboFan at its second call (default: call 39 to
 * 996), measured in a worker. (`--always-turbofan` compiles before any type
 * feedback: 14× slower than the default, so it is not the optimizing tier.)
 */
const NODE_TIER_FLAGS: Readonly<Record<Tier, readonly string[]>> = {
  interpreter: ['--max-opt=0'],
  baseline: ['--max-opt=1'],
  optimizing: [
    '--interrupt-budget=1000',
    '--ticks-before-optimization=0',
    '--minimum-invocations-after-ic-update=0',
    '--no-lazy-feedback-allocation',
    '--no-concurrent-recompilation',
  ],
};

/** Node: the harness's own Node binary runs the worker_threads host. */
export const nodeLauncher: RuntimeLauncher = {
  id: 'node',
  detect: async () => ({ available: true }),
  tiers: {
    interpreter: `node ${NODE_TIER_FLAGS.interpreter.join(' ')} (Ignition only)`,
    baseline: `node ${NODE_TIER_FLAGS.baseline.join(' ')} (Sparkplug at most)`,
    optimizing: `node ${NODE_TIER_FLAGS.optimizing.join(' ')} (TurboFan from the second call)`,
  },
  // Every worker_threads Worker inherits the process's heap limit: an actor
  // that allocates without bound ends its worker (ERR_WORKER_OUT_OF_MEMORY, an
  // `error` verdict) instead of the machine's memory.
  start: async (plan, tier) =>
    spawnHost(
      process.execPath,
      [
        ...(plan.workerHeapMiB ? [`--max-old-space-size=${plan.workerHeapMiB}`] : []),
        ...(tier ? NODE_TIER_FLAGS[tier] : []),
        fileURLToPath(new URL('./host.js', import.meta.url)),
      ],
      plan,
    ),
};
