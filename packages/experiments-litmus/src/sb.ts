import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName, outcomeNames } from './outcomes.js';

const names = outcomeNames(['r0', 'r1']);
const WEAK = 'r0=0, r1=0';
const memory = (p: { stride: number }) => ({ x: perInstance(p), y: perInstance(p), r0: perInstance(p), r1: perInstance(p) });

/** Store buffering with plain accesses: both threads may read the old value. */
export const sbPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/sb-plain',
  title: 'Store buffering (SB), plain accesses',
  description:
    'Each thread writes its own flag, then reads the other one. With plain accesses the JavaScript memory model ' +
    "allows both reads to miss both writes (r0=0, r1=0): on x86 each write waits in its core's store buffer while " +
    'the read goes ahead.',
  memory,
  actors: [
    ({ memory: { x, y, r0 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        x[i] = 1;
        r0[i] = y[i]!;
      }
    },
    ({ memory: { x, y, r1 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        y[i] = 1;
        r1[i] = x[i]!;
      }
    },
  ],
  outcome: ({ memory: { r0, r1 }, instance: i }) => r0[i]! * 2 + r1[i]!,
  expect: expectByName(names, { [WEAK]: 'interesting' }),
});

/** Store buffering with Atomics: sequential consistency forbids r0=0, r1=0. */
export const sbAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/sb-atomics',
  title: 'Store buffering (SB), Atomics',
  description:
    'The same test with Atomics.store and Atomics.load, which are sequentially consistent: one of the writes comes ' +
    'first in a single total order, so at least one read sees a 1. r0=0, r1=0 is forbidden.',
  memory,
  actors: [
    ({ memory: { x, y, r0 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        Atomics.store(x, i, 1);
        r0[i] = Atomics.load(y, i);
      }
    },
    ({ memory: { x, y, r1 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        Atomics.store(y, i, 1);
        r1[i] = Atomics.load(x, i);
      }
    },
  ],
  outcome: ({ memory: { r0, r1 }, instance: i }) => r0[i]! * 2 + r1[i]!,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
});
