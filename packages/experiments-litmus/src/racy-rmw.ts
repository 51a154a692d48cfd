import { defineExperiment } from '@racelab/core';
import { batched, perInstance } from './batch.js';
import { expectByName } from './outcomes.js';

const names = ['total=0', 'total=1', 'total=2'];
const memory = (p: { stride: number }) => ({ n: perInstance(p) });
const outcome = ({ memory: { n }, instance: i }: { memory: { n: Int32Array }; instance: number }) => n[i]!;

/** Two increments of one cell, plain: one may be lost. */
export const racyRmwPlain = defineExperiment({
  ...batched(names),
  id: 'litmus/rmw-plain',
  title: 'Racy read-modify-write, plain increments',
  description:
    'Both threads add 1 to the same cell with a plain ++ (read, add, write). When the two interleave one write ' +
    'overwrites the other and the total is 1: the lost update of the lesson, one instance at a time.',
  memory,
  actors: [0, 1].map(() => ({ memory: { n }, params: { stride } }: { memory: { n: Int32Array }; params: { stride: number } }) => {
    for (let i = 0; i < stride; i++) n[i]!++;
  }),
  outcome,
  expect: expectByName(names, { 'total=1': 'interesting', 'total=0': 'forbidden' }),
});

/** Two Atomics.add of one cell: never lost. */
export const racyRmwAtomics = defineExperiment({
  ...batched(names),
  id: 'litmus/rmw-atomics',
  title: 'Racy read-modify-write, Atomics.add',
  description: 'Atomics.add reads, adds and writes as one indivisible step: the total is always 2.',
  memory,
  actors: [0, 1].map(() => ({ memory: { n }, params: { stride } }: { memory: { n: Int32Array }; params: { stride: number } }) => {
    for (let i = 0; i < stride; i++) Atomics.add(n, i, 1);
  }),
  outcome,
  expect: expectByName(names, { 'total=1': 'forbidden', 'total=0': 'forbidden' }),
});
