/**
 * Type-level tests of defineExperiment: every line under `@ts-expect-error`
 * must be a type error (tsc fails on an expect-error that is not needed), and
 * every other line must compile. Checked by `tsc -p` in experiment-types.test.ts.
 */
import { Mutex, defineExperiment, i32, i32Array, primitive } from '@racelab/core';

export const counter = defineExperiment({
  id: 'types/counter',
  title: 'A counter under a lock',
  params: { increments: 1000, label: 'x' },
  memory: { count: i32(), seen: i32Array(4), lock: primitive(Mutex) },
  actors: [
    ({ memory, params }) => {
      for (let i = 0; i < params.increments; i++) {
        memory.lock.lock();
        memory.count[0]!++;
        memory.lock.unlock();
      }
      // @ts-expect-error: a typo in a cell name
      memory.cuont[0]!++;
      // @ts-expect-error: a typo in a param name
      void params.incremnts;
      // @ts-expect-error: a lock is a Mutex, not a typed array
      memory.lock[0] = 1;
      // @ts-expect-error: Mutex has no acquire(); it is lock()
      memory.lock.acquire();
      // @ts-expect-error: a string param is not a number
      const n: number = params.label;
      void n;
    },
  ],
  outcome: ({ memory }) => memory.count[0]!,
  expect: {
    forbidden: (n, p) => n > 2 * p.increments,
    // @ts-expect-error: the outcome is a number, not a string
    interesting: (n) => n.startsWith('1'),
  },
  ops: (p) => 2 * p.increments,
});

defineExperiment({
  id: 'types/outcome',
  title: 'The outcome reads a cell that does not exist',
  memory: { count: i32() },
  actors: [() => {}],
  // @ts-expect-error: a typo in the outcome
  outcome: ({ memory }) => memory.count2[0]!,
  expect: { exactly: 0 },
});

defineExperiment({
  id: 'types/exactly',
  title: 'The expected value has the wrong type',
  memory: { count: i32() },
  actors: [() => {}],
  // @ts-expect-error: 'zero' is not a number (the outcome's type is inferred from both, so tsc reports it here)
  outcome: ({ memory }) => memory.count[0]!,
  expect: { exactly: 'zero' },
});

defineExperiment({
  id: 'types/params-in-layout',
  title: 'A layout that depends on params',
  params: { stride: 64 },
  memory: (p) => ({ x: i32Array(p.stride) }),
  actors: [({ memory, params }) => { memory.x[params.stride - 1] = 1; }],
  // @ts-expect-error: the layout function's cells are inferred too
  outcome: ({ memory }) => memory.y[0]!,
  expect: { exactly: 1 },
  instances: (p) => p.stride,
  outcomeNames: ['0', '1'],
  // @ts-expect-error: a typo in a param name in ops
  ops: (p) => p.strid,
});
