import { defineExperiment, i32 } from '@racelab/core';

const names = ['seen', 'stale'];
const memory = { flag: i32(), result: i32(-1) };
const common = {
  tags: ['litmus', 'termination'],
  memory,
  outcomeNames: names,
  trials: 20,
  warmup: 20,
};

/** jcstress-style termination test, plain: the spinning read may be hoisted out of the loop and never see the write. */
export const terminationPlain = defineExperiment({
  ...common,
  id: 'litmus/termination-plain',
  title: 'Termination: spinning on a plain flag',
  description:
    'One thread spins until a flag another thread sets becomes 1, reading it with a plain access. The compiler may ' +
    'read it once and loop forever (the model allows it). The spin gives up after a bound and reports stale.',
  // The bound is a count, not a clock: a call in the loop would force the
  // compiler to re-read the flag and hide the very effect under test. 50
  // million spins take 15-50 ms, far past any write's visibility.
  params: { spins: 50_000_000 },
  actors: [
    ({ memory: { flag, result }, params: { spins } }) => {
      let i = 0;
      while (flag[0] === 0 && i < spins) i++;
      result[0] = i === spins ? 1 : 0;
    },
    ({ memory: { flag } }) => {
      flag[0] = 1;
    },
  ],
  outcome: ({ memory: { result } }) => result[0]!,
  expect: { interesting: (code: number) => code === 1 },
});

/** The same with Atomics.load: the write must be seen. */
export const terminationAtomics = defineExperiment({
  ...common,
  id: 'litmus/termination-atomics',
  title: 'Termination: spinning on an Atomics flag',
  description: 'The same spin with Atomics.load, which must see the write: stale after a second of spinning is forbidden.',
  // A clock bound here: Atomics.load is never hoisted, and a count bound
  // could run out while the setter is merely descheduled on a busy machine
  // (seen: 2 million spins, 1 stale in 20 trials on Firefox under load).
  params: { waitMs: 1000 },
  actors: [
    ({ memory: { flag, result }, params: { waitMs } }) => {
      const deadline = performance.now() + waitMs;
      let seen = false;
      while (!seen && performance.now() < deadline) {
        for (let i = 0; i < 1024 && !seen; i++) seen = Atomics.load(flag, 0) !== 0;
      }
      result[0] = seen ? 0 : 1;
    },
    ({ memory: { flag } }) => {
      Atomics.store(flag, 0, 1);
    },
  ],
  outcome: ({ memory: { result } }) => result[0]!,
  expect: { forbidden: (code: number) => code === 1 },
});
