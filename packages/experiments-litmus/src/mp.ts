import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName, outcomeNames } from './outcomes.js';

const names = outcomeNames(['flag', 'data']);
const WEAK = 'flag=1, data=0';
const memory = (p: { stride: number }) => ({
  data: perInstance(p),
  flag: perInstance(p),
  seenFlag: perInstance(p),
  seenData: perInstance(p),
});
type Seen = { memory: { seenFlag: Int32Array; seenData: Int32Array }; instance: number };
const outcome = ({ memory: m, instance: i }: Seen) => m.seenFlag[i]! * 2 + m.seenData[i]!;

/** Message passing with plain accesses: the flag may arrive before the data. */
export const mpPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/mp-plain',
  title: 'Message passing (MP), plain accesses',
  description:
    'One thread writes data, then raises a flag; the other reads the flag, then the data. With plain accesses the ' +
    'model allows seeing the flag without the data (flag=1, data=0); x86 keeps stores and loads in order, so only ' +
    'the compiler could produce it here.',
  memory,
  actors: [
    ({ memory: { data, flag }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        data[i] = 1;
        flag[i] = 1;
      }
    },
    ({ memory: { data, flag, seenFlag, seenData }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        seenFlag[i] = flag[i]!;
        seenData[i] = data[i]!;
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'interesting' }),
});

/** Message passing with Atomics on both: forbidden. */
export const mpAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/mp-atomics',
  title: 'Message passing (MP), Atomics',
  description: 'Data and flag written and read with Atomics: whoever sees the flag sees the data. flag=1, data=0 is forbidden.',
  memory,
  actors: [
    ({ memory: { data, flag }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        Atomics.store(data, i, 1);
        Atomics.store(flag, i, 1);
      }
    },
    ({ memory: { data, flag, seenFlag, seenData }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        seenFlag[i] = Atomics.load(flag, i);
        seenData[i] = Atomics.load(data, i);
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
});

/** Plain data published by an Atomics flag: the release/acquire pattern every lock relies on. */
export const mpMixed = defineExperiment({
  ...batched(names),
  id: 'litmus/mp-mixed',
  title: 'Message passing (MP), plain data behind an Atomics flag',
  description:
    'Plain data, but the flag is an Atomics.store and the reader an Atomics.load: the atomic write synchronises with ' +
    'the atomic read that sees it, so the plain data written before is visible after. flag=1, data=0 is forbidden. ' +
    'This is how a lock publishes what was written under it.',
  memory,
  actors: [
    ({ memory: { data, flag }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        data[i] = 1;
        Atomics.store(flag, i, 1);
      }
    },
    ({ memory: { data, flag, seenFlag, seenData }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        seenFlag[i] = Atomics.load(flag, i);
        seenData[i] = data[i]!;
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
});
