/** The harness side of the Node runtime: start a worker_threads host with the harness's own Node, or a version from racelab's cache. */
import { fileURLToPath } from 'node:url';
import { type RuntimeLauncher, type Tier, V8_TIER_FLAGS } from '@racelab/core';
import { type PinnedBinary, knownV8Flags, pinnedAvailability, spawnHost, tierFlagsFor } from '@racelab/host-process';

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

/**
 * The tier flags a pinned Node knows, probed from its `--v8-options`: each
 * tier's first set that fits. Node 16 and 18 (V8 9.0 to 10.2) have no
 * `--max-opt`: TurboFan is turned off instead, and Sparkplug off or forced;
 * their optimizing tier lacks a flag of each set (checked: 16.0.0 has no
 * `--ticks-before-optimization`, 18.20.8 no
 * `--minimum-invocations-after-ic-update`) and cannot be forced. Node 22 on
 * (V8 12.4+) has no `--interrupt-budget` and takes the flags V8 15 takes.
 */
const NODE_TIER_CANDIDATES: Readonly<Record<Tier, readonly (readonly string[])[]>> = {
  interpreter: [NODE_TIER_FLAGS.interpreter, ['--no-opt', '--no-sparkplug']],
  baseline: [NODE_TIER_FLAGS.baseline, ['--no-opt', '--sparkplug', '--always-sparkplug']],
  optimizing: [NODE_TIER_FLAGS.optimizing, V8_TIER_FLAGS.optimizing],
};

const TIER_WORDS: Readonly<Record<Tier, string>> = {
  interpreter: 'Ignition only',
  baseline: 'Sparkplug at most',
  optimizing: 'TurboFan from the second call',
};

/**
 * A Node launcher: the harness's own Node binary by default, or a version
 * of Node from racelab's cache (`--runtime node@22`).
 */
export function createNodeLauncher(pinned?: PinnedBinary): RuntimeLauncher {
  const node = pinned?.path ?? process.execPath;
  const flags = pinned ? tierFlagsFor(knownV8Flags(node, ['--v8-options']), NODE_TIER_CANDIDATES) : NODE_TIER_FLAGS;
  const tiers: Partial<Record<Tier, string>> = {};
  for (const [tier, set] of Object.entries(flags) as [Tier, readonly string[]][]) tiers[tier] = `node ${set.join(' ')} (${TIER_WORDS[tier]})`;
  return {
    id: 'node',
    ...(pinned && { version: pinned.version }),
    detect: async () => (pinned ? pinnedAvailability('node', pinned) : { available: true }),
    tiers,
    // Every worker_threads Worker inherits the process's heap limit: an actor
    // that allocates without bound ends its worker (ERR_WORKER_OUT_OF_MEMORY, an
    // `error` verdict) instead of the machine's memory.
    start: async (plan, tier) =>
      spawnHost(
        node,
        [
          ...(plan.workerHeapMiB ? [`--max-old-space-size=${plan.workerHeapMiB}`] : []),
          ...(tier ? (flags[tier] ?? []) : []),
          fileURLToPath(new URL('./host.js', import.meta.url)),
        ],
        plan,
      ),
  };
}

/** Node: the harness's own Node binary runs the worker_threads host. */
export const nodeLauncher: RuntimeLauncher = createNodeLauncher();
