// Litmus tests written by hand, as racelab had them before the catalog was
// generated (see git history of src/sb.ts, src/mp.ts): the yardstick for the
// generated code's speed in bench/generated.mjs. Not part of any suite.
import { defineExperiment, i32Array } from '@racelab/core';

const STRIDE = 1000;
const perInstance = (p) => i32Array(p.stride);
const batched = (names) => ({
  // alignEvery is accepted (and ignored) so that one --param serves both kinds.
  params: { stride: STRIDE, alignEvery: 0 },
  instances: (p) => p.stride,
  ops: (p) => p.stride,
  outcomeNames: names,
  trials: 2000,
  tags: ['litmus'],
});
const NAMES = ['r0=0, r1=0', 'r0=0, r1=1', 'r0=1, r1=0', 'r0=1, r1=1'];
const sbMemory = (p) => ({ x: perInstance(p), y: perInstance(p), r0: perInstance(p), r1: perInstance(p) });
const sbOutcome = ({ memory: { r0, r1 }, instance: i }) => r0[i] * 2 + r1[i];

export const sbPlain = defineExperiment({
  ...batched(NAMES),
  id: 'handwritten/sb+plain',
  title: 'Store buffering, plain accesses, written by hand',
  memory: sbMemory,
  actors: [
    ({ memory: { x, y, r0 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        x[i] = 1;
        r0[i] = y[i];
      }
    },
    ({ memory: { x, y, r1 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        y[i] = 1;
        r1[i] = x[i];
      }
    },
  ],
  outcome: sbOutcome,
  expect: { interesting: (o) => o === 0 },
});

export const sbAtomics = defineExperiment({
  ...batched(NAMES),
  id: 'handwritten/sb+atomics',
  title: 'Store buffering, Atomics, written by hand',
  memory: sbMemory,
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
  outcome: sbOutcome,
  expect: { forbidden: (o) => o === 0 },
});

export const mpPlain = defineExperiment({
  ...batched(['flag=0, data=0', 'flag=0, data=1', 'flag=1, data=0', 'flag=1, data=1']),
  id: 'handwritten/mp+plain',
  title: 'Message passing, plain accesses, written by hand',
  memory: (p) => ({ data: perInstance(p), flag: perInstance(p), seenFlag: perInstance(p), seenData: perInstance(p) }),
  actors: [
    ({ memory: { data, flag }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        data[i] = 1;
        flag[i] = 1;
      }
    },
    ({ memory: { data, flag, seenFlag, seenData }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        seenFlag[i] = flag[i];
        seenData[i] = data[i];
      }
    },
  ],
  outcome: ({ memory: m, instance: i }) => m.seenFlag[i] * 2 + m.seenData[i],
  expect: { interesting: (o) => o === 2 },
});
