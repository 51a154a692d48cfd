import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName, outcomeNames } from './outcomes.js';

const names = outcomeNames(['a', 'b', 'c', 'd']);
/** Reader 1 saw x before y, reader 2 saw y before x. */
const WEAK = 'a=1, b=0, c=1, d=0';
const memory = (p: { stride: number }) => ({
  x: perInstance(p),
  y: perInstance(p),
  a: perInstance(p),
  b: perInstance(p),
  c: perInstance(p),
  d: perInstance(p),
});
type Regs = { memory: { a: Int32Array; b: Int32Array; c: Int32Array; d: Int32Array }; instance: number };
const outcome = ({ memory: m, instance: i }: Regs) => m.a[i]! * 8 + m.b[i]! * 4 + m.c[i]! * 2 + m.d[i]!;
const description =
  'Two writers write x and y; two readers read them in opposite orders. a=1, b=0, c=1, d=0 means the readers ' +
  'disagree on which write came first. Four actors on a machine with fewer cores cannot all run at once: the ' +
  'test then measures the scheduler more than the memory.';

/** Independent reads of independent writes, plain: readers may disagree on the order. */
export const iriwPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/iriw-plain',
  title: 'Independent reads of independent writes (IRIW), plain accesses',
  description: `${description} With plain accesses the model allows the disagreement; x86 does not produce it.`,
  memory,
  actors: [
    ({ memory: { x }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) x[i] = 1;
    },
    ({ memory: { y }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) y[i] = 1;
    },
    ({ memory: { x, y, a, b }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        a[i] = x[i]!;
        b[i] = y[i]!;
      }
    },
    ({ memory: { x, y, c, d }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        c[i] = y[i]!;
        d[i] = x[i]!;
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'interesting' }),
  trials: 200,
});

/** IRIW with Atomics: all threads agree on one order of the two writes. */
export const iriwAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/iriw-atomics',
  title: 'Independent reads of independent writes (IRIW), Atomics',
  description: `${description} With Atomics all threads see one order: the disagreement is forbidden.`,
  memory,
  actors: [
    ({ memory: { x }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) Atomics.store(x, i, 1);
    },
    ({ memory: { y }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) Atomics.store(y, i, 1);
    },
    ({ memory: { x, y, a, b }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        a[i] = Atomics.load(x, i);
        b[i] = Atomics.load(y, i);
      }
    },
    ({ memory: { x, y, c, d }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        c[i] = Atomics.load(y, i);
        d[i] = Atomics.load(x, i);
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
  trials: 200,
});
