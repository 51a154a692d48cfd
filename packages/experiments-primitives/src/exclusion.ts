import { type AnyExperiment, defineExperiment, i32, i32Array } from '@racelab/core';
import { enter, leave, mostInside, watch } from './holders.js';
import type { LockUnderTest } from './lock-under-test.js';

/**
 * Mutual exclusion under `workers` workers: each takes the lock, counts itself
 * in, increments a plain counter, counts itself out and releases, `increments`
 * times. Passes only if the count is exact **and** no two workers were ever
 * inside together.
 *
 * @example
 * ```ts
 * export default exclusionExperiment(LOCKS[0]!, 4);
 * ```
 */
export function exclusionExperiment(lock: LockUnderTest, workers = 4, id = `primitives/${lock.name}-exclusion`): AnyExperiment {
  const { acquire, release } = lock;
  return defineExperiment({
    id,
    title: `${workers} workers increment under the ${lock.name}: exact count, one holder at a time`,
    description:
      `Each worker takes the lock, counts itself inside, does a plain increment, counts itself out and unlocks. ` +
      `A correct lock gives exactly workers × increments and never more than one holder; ` +
      `with more busy workers than cores this also measures the scheduler.`,
    tags: ['primitives'],
    // watch: re-reads of the holder count inside the critical section, which
    // widen the window in which an overlap is seen. Tuning choice.
    params: { increments: 100_000, watch: 4 },
    memory: { lock: lock.region(), count: i32(), holders: i32Array(2) },
    actors: Array.from({ length: workers }, () => ({ memory, params }: { memory: any; params: { increments: number; watch: number } }) => {
      const { lock: l, count, holders } = memory;
      for (let i = 0; i < params.increments; i++) {
        acquire(l);
        enter(holders);
        count[0]++;
        watch(holders, params.watch);
        leave(holders);
        release(l);
      }
    }),
    outcome: ({ memory, params }) => {
      const lost = workers * params.increments - memory.count[0]!;
      const most = mostInside(memory.holders);
      return `${lost === 0 ? 'exact count' : `${lost} updates lost`}, at most ${most} holder${most === 1 ? '' : 's'}`;
    },
    expect: { exactly: 'exact count, at most 1 holder' },
    ops: (p) => workers * p.increments,
    trials: 5,
    warmup: 1,
  });
}
