import { type AnyExperiment, type RegionSpec, Semaphore, defineExperiment, i32, i32Array, primitiveWith } from '@racelab/core';
import { enter, leave, mostInside, watch } from './holders.js';

/** A semaphore as the permit test sees it (the broken variant in test/fixtures is one too). */
export interface SemaphoreUnderTest<T = any> {
  readonly name: string;
  readonly region: (permits: number) => RegionSpec<T>;
  readonly acquire: (semaphore: T) => void;
  readonly release: (semaphore: T) => void;
}

export const SEMAPHORE: SemaphoreUnderTest<Semaphore> = {
  name: 'semaphore',
  region: (permits) => primitiveWith(Semaphore, permits),
  acquire: (s) => s.acquire(),
  release: (s) => s.release(),
};

/**
 * `workers` workers share a semaphore of `permits`: the most holders ever
 * seen together must not exceed the permits. (It may stay below them when the
 * scheduler runs fewer workers at once: acceptable.)
 */
export function semaphorePermitsExperiment(
  semaphore: SemaphoreUnderTest,
  permits = 2,
  workers = 4,
  id = `primitives/${semaphore.name}-permits`,
): AnyExperiment {
  const { acquire, release } = semaphore;
  return defineExperiment({
    id,
    title: `${workers} workers share a ${semaphore.name} of ${permits} permits: never more holders than permits`,
    description: 'Each worker acquires, counts itself inside, does an atomic increment, counts itself out and releases. The most holders seen together must not exceed the permits, and the count must be exact.',
    tags: ['primitives'],
    // watch: re-reads of the holder count inside the critical section, which
    // widen the window in which an overlap is seen. Tuning choice.
    params: { increments: 100_000, watch: 4 },
    memory: { semaphore: semaphore.region(permits), count: i32(), holders: i32Array(2) },
    actors: Array.from({ length: workers }, () => ({ memory, params }: { memory: any; params: { increments: number; watch: number } }) => {
      const { semaphore: s, count, holders } = memory;
      for (let i = 0; i < params.increments; i++) {
        acquire(s);
        enter(holders);
        Atomics.add(count, 0, 1);
        watch(holders, params.watch);
        leave(holders);
        release(s);
      }
    }),
    outcome: ({ memory, params }) => {
      const lost = workers * params.increments - memory.count[0]!;
      return `${lost === 0 ? 'exact count' : `${lost} updates lost`}, at most ${mostInside(memory.holders)} holders`;
    },
    expect: {
      forbidden: (o: string) => !o.startsWith('exact count') || Number(/at most (\d+)/.exec(o)![1]) > permits,
    },
    ops: (p) => workers * p.increments,
    trials: 5,
    warmup: 1,
  });
}
