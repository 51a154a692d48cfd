import { type AnyExperiment, Barrier, type RegionSpec, defineExperiment, i32, i32Array, primitiveWith } from '@racelab/core';

/** A barrier as the rounds test sees it. */
export interface BarrierUnderTest<T = any> {
  readonly name: string;
  readonly region: (parties: number) => RegionSpec<T>;
  readonly arriveAndWait: (barrier: T) => void;
}

export const BARRIER: BarrierUnderTest<Barrier> = {
  name: 'barrier',
  region: (parties) => primitiveWith(Barrier, parties),
  arriveAndWait: (b) => b.arriveAndWait(),
};

/**
 * `workers` workers go through `rounds` rounds of one barrier. In round r each
 * publishes r, waits at the barrier, then reads every worker's round: each must
 * be r or r + 1 (a fast worker may already be in the next round), never r - 1
 * (released before everyone arrived) nor r + 2 (two rounds mixed).
 */
export function barrierRoundsExperiment(barrier: BarrierUnderTest, workers = 4, id = `primitives/${barrier.name}-rounds`): AnyExperiment {
  const { arriveAndWait } = barrier;
  return defineExperiment({
    id,
    title: `${workers} workers pass one ${barrier.name} round after round: rounds never mix`,
    description: 'After the barrier of round r, every worker must be in round r or r + 1. A worker seen in round r - 1 means the barrier let someone through before all had arrived.',
    tags: ['primitives'],
    params: { rounds: 20_000 },
    memory: { barrier: barrier.region(workers), round: i32Array(workers), mixed: i32() },
    actors: Array.from({ length: workers }, (_, me) => ({ memory, params }: { memory: any; params: { rounds: number } }) => {
      const { barrier: b, round, mixed } = memory;
      for (let r = 1; r <= params.rounds; r++) {
        // Seq-cst store before arriving: whoever passes the barrier sees it.
        Atomics.store(round, me, r);
        arriveAndWait(b);
        for (let other = 0; other < workers; other++) {
          const theirs = Atomics.load(round, other);
          if (theirs < r || theirs > r + 1) Atomics.add(mixed, 0, 1);
        }
      }
    }),
    outcome: ({ memory }) => (memory.mixed[0] === 0 ? 'rounds never mixed' : `${memory.mixed[0]} reads from another round`),
    expect: { exactly: 'rounds never mixed' },
    ops: (p) => p.rounds,
    trials: 5,
    warmup: 1,
  });
}
