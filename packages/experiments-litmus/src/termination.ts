import { defineExperiment, i32 } from '@racelab/core';

/** Spins before giving up: ~10-50 ms on this machine, far beyond a write's visibility. */
const SPINS = 20_000_000;
const names = ['seen', 'stale'];
const memory = { flag: i32(), result: i32(-1) };
const common = {
  tags: ['litmus', 'termination'],
  params: { spins: SPINS },
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
    'read it once and loop forever (the model allows it); the spin gives up after a bound and reports stale.',
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
  description: 'The same spin with Atomics.load, which must eventually see the write: stale is forbidden.',
  actors: [
    ({ memory: { flag, result }, params: { spins } }) => {
      let i = 0;
      while (Atomics.load(flag, 0) === 0 && i < spins) i++;
      result[0] = i === spins ? 1 : 0;
    },
    ({ memory: { flag } }) => {
      Atomics.store(flag, 0, 1);
    },
  ],
  outcome: ({ memory: { result } }) => result[0]!,
  expect: { forbidden: (code: number) => code === 1 },
});
