import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName, outcomeNames } from './outcomes.js';

const names = outcomeNames(['r0', 'r1']);
const WEAK = 'r0=1, r1=1';
const memory = (p: { stride: number }) => ({ x: perInstance(p), y: perInstance(p), r0: perInstance(p), r1: perInstance(p) });
type Regs = { memory: { r0: Int32Array; r1: Int32Array }; instance: number };
const outcome = ({ memory: { r0, r1 }, instance: i }: Regs) => r0[i]! * 2 + r1[i]!;

/** Load buffering with plain accesses: each read may see the other thread's later write. */
export const lbPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/lb-plain',
  title: 'Load buffering (LB), plain accesses',
  description:
    'Each thread reads one cell, then writes the other. Seeing both writes (r0=1, r1=1) means each read saw a write ' +
    'made after the other read: the model allows it for plain accesses, but x86 never reorders a load with a later ' +
    'store, so it is rare to impossible here.',
  memory,
  actors: [
    ({ memory: { x, y, r0 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        r0[i] = x[i]!;
        y[i] = 1;
      }
    },
    ({ memory: { x, y, r1 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        r1[i] = y[i]!;
        x[i] = 1;
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'interesting' }),
});

/** Load buffering with Atomics: forbidden. */
export const lbAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/lb-atomics',
  title: 'Load buffering (LB), Atomics',
  description: 'The same with Atomics: in one total order some read comes before both writes, so r0=1, r1=1 is forbidden.',
  memory,
  actors: [
    ({ memory: { x, y, r0 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        r0[i] = Atomics.load(x, i);
        Atomics.store(y, i, 1);
      }
    },
    ({ memory: { x, y, r1 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        r1[i] = Atomics.load(y, i);
        Atomics.store(x, i, 1);
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
});
