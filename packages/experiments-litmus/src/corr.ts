import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName, outcomeNames } from './outcomes.js';

const names = outcomeNames(['r1', 'r2']);
/** The second read went back in time. */
const WEAK = 'r1=1, r2=0';
const memory = (p: { stride: number }) => ({ x: perInstance(p), r1: perInstance(p), r2: perInstance(p) });
type Regs = { memory: { r1: Int32Array; r2: Int32Array }; instance: number };
const outcome = ({ memory: { r1, r2 }, instance: i }: Regs) => r1[i]! * 2 + r2[i]!;

/** Read-read coherence, plain: the model does not promise it for unordered accesses. */
export const corrPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/corr-plain',
  title: 'Read-read coherence (CoRR), plain accesses',
  description:
    'One thread writes x=1; the other reads x twice. Seeing 1 then 0 means the second read went back in time. ' +
    'Plain (unordered) accesses are not promised coherence by the JavaScript model; the hardware gives it anyway.',
  memory,
  actors: [
    ({ memory: { x }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) x[i] = 1;
    },
    ({ memory: { x, r1, r2 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        r1[i] = x[i]!;
        r2[i] = x[i]!;
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'interesting' }),
});

/** CoRR with Atomics: forbidden. */
export const corrAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/corr-atomics',
  title: 'Read-read coherence (CoRR), Atomics',
  description: 'The same with Atomics.load: reads of one location never go back in time. r1=1, r2=0 is forbidden.',
  memory,
  actors: [
    ({ memory: { x }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) Atomics.store(x, i, 1);
    },
    ({ memory: { x, r1, r2 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        r1[i] = Atomics.load(x, i);
        r2[i] = Atomics.load(x, i);
      }
    },
  ],
  outcome,
  expect: expectByName(names, { [WEAK]: 'forbidden' }),
});
