import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName, outcomeNames } from './outcomes.js';

const names = outcomeNames(['x', 'y'], [1, 2]);
/** Both first writes won: each thread's second write was ordered before the other's first. */
const WEAK = 'x=1, y=1';
const memory = (p: { stride: number }) => ({ x: perInstance(p), y: perInstance(p) });
/** Final values 1 or 2 become digits 0 or 1; a cell still 0 (no write landed) is an error in the test. */
const outcome = ({ memory: { x, y }, instance: i }: { memory: { x: Int32Array; y: Int32Array }; instance: number }) =>
  (x[i]! - 1) * 2 + (y[i]! - 1);

/** 2+2W, plain: the model allows both first writes to be the last. */
export const twoPlusTwoWPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/2+2w-plain',
  title: 'Two plus two writes (2+2W), plain accesses',
  description:
    'Thread 0 writes x=1 then y=2; thread 1 writes y=1 then x=2. Ending with x=1 and y=1 means each thread\'s ' +
    'second write landed before the other\'s first: allowed for plain accesses, and x86 keeps stores in order.',
  memory,
  actors: [
    ({ memory: { x, y }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        x[i] = 1;
        y[i] = 2;
      }
    },
    ({ memory: { x, y }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        y[i] = 1;
        x[i] = 2;
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'interesting' }),
});

/** 2+2W with Atomics: forbidden. */
export const twoPlusTwoWAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/2+2w-atomics',
  title: 'Two plus two writes (2+2W), Atomics',
  description: 'The same with Atomics.store: in one total order some second write comes last, so x=1, y=1 is forbidden.',
  memory,
  actors: [
    ({ memory: { x, y }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        Atomics.store(x, i, 1);
        Atomics.store(y, i, 2);
      }
    },
    ({ memory: { x, y }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        Atomics.store(y, i, 1);
        Atomics.store(x, i, 2);
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
});
