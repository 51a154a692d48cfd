import { type AnyExperiment, Barrier, CountDownLatch, Once, type RegionSpec, defineExperiment, i32, i32Array, primitive, primitiveWith } from '@racelab/core';

/** A once as the test sees it. */
export interface OnceUnderTest<T = any> {
  readonly name: string;
  readonly region: () => RegionSpec<T>;
  readonly run: (once: T, fn: () => void) => void;
}

export const ONCE: OnceUnderTest<Once> = { name: 'once', region: () => primitive(Once), run: (o, fn) => o.run(fn) };

/**
 * Four workers race to initialise through one Once, `rounds` times (a fresh
 * Once each round): the initialiser must run exactly once per round, and every
 * worker must see its result when run() returns.
 */
export function onceExperiment(once: OnceUnderTest, workers = 4, id = `primitives/${once.name}`): AnyExperiment {
  const { run } = once;
  const rounds = 64;
  return defineExperiment({
    id,
    title: `${workers} workers race through a ${once.name}: it runs exactly once and everyone sees it done`,
    tags: ['primitives'],
    memory: { start: primitiveWith(Barrier, workers), slots: onceArray(once, rounds), runs: i32Array(rounds), value: i32Array(rounds), unseen: i32() },
    actors: Array.from({ length: workers }, () => ({ memory }: { memory: any }) => {
      for (let r = 0; r < rounds; r++) {
        // Every round starts together, so that all workers race for the once.
        memory.start.arriveAndWait();
        run(memory.slots[r], () => {
          Atomics.add(memory.runs, r, 1);
          memory.value[r] = 42; // plain store, published by the once
        });
        if (memory.value[r] !== 42) Atomics.add(memory.unseen, 0, 1);
      }
    }),
    outcome: ({ memory }) => {
      const wrongRuns = (memory.runs as Int32Array).filter((n) => n !== 1).length;
      const unseen = memory.unseen[0] as number;
      return wrongRuns === 0 && unseen === 0 ? 'ran once, seen done by all' : `${wrongRuns} rounds ran ≠ once, ${unseen} unseen results`;
    },
    expect: { exactly: 'ran once, seen done by all' },
    ops: () => rounds * workers,
    trials: 10,
    warmup: 1,
  });
}

/** `count` copies of a primitive in one region, each on its own 4-byte cell. */
function onceArray<T>(once: OnceUnderTest<T>, count: number): RegionSpec<T[]> {
  const one = once.region();
  const stride = Math.ceil(one.byteLength / one.align) * one.align;
  return {
    kind: `${one.kind}[]`,
    byteLength: stride * count,
    align: one.align,
    create: (buffer, byteOffset) => Array.from({ length: count }, (_, i) => one.create(buffer, byteOffset + i * stride)),
    reset: () => {},
  };
}

/** A latch as the test sees it. */
export interface LatchUnderTest<T = any> {
  readonly name: string;
  readonly region: (count: number) => RegionSpec<T>;
  readonly countDown: (latch: T) => void;
  readonly wait: (latch: T) => void;
}

export const LATCH: LatchUnderTest<CountDownLatch> = {
  name: 'count-down-latch',
  region: (count) => primitiveWith(CountDownLatch, count),
  countDown: (l) => l.countDown(),
  wait: (l) => l.wait(),
};

/**
 * Three workers each publish a result with a plain store and count down; a
 * fourth waits on the latch and must then see all three results.
 */
export function latchExperiment(latch: LatchUnderTest, id = `primitives/${latch.name}`): AnyExperiment {
  const { countDown, wait } = latch;
  const producers = 3;
  return defineExperiment({
    id,
    title: `Three workers count down a ${latch.name}; the waiter then sees all their results`,
    tags: ['primitives'],
    memory: { latch: latch.region(producers), results: i32Array(producers), missing: i32() },
    actors: [
      ({ memory }) => {
        wait(memory.latch);
        for (let i = 0; i < producers; i++) if (memory.results[i] !== i + 1) memory.missing[0]!++;
      },
      ...Array.from({ length: producers }, (_, i) => ({ memory, trial }: { memory: any; trial: number }) => {
        // Stagger the producers a little differently every trial.
        let spin = ((trial * 7919 + i * 104_729) % 2000) * 10;
        while (spin-- > 0);
        memory.results[i] = i + 1; // plain store, published by countDown
        countDown(memory.latch);
      }),
    ],
    outcome: ({ memory }) => (memory.missing[0] === 0 ? 'waiter saw every result' : `${memory.missing[0]} results missing`),
    expect: { exactly: 'waiter saw every result' },
    trials: 200,
    warmup: 5,
  });
}

