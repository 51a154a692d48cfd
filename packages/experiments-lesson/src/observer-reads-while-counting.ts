import { defineExperiment, i32 } from '@racelab/core';
import { Counter } from './counter.js';
import { otherWork } from './observer.js';

/** Step 3: an observer reads while a worker counts. */
export default defineExperiment({
  id: 'lesson/observer-reads-while-counting',
  title: '3. An observer reads the counter while a worker counts',
  description:
    'One worker counts to 100,000 while an observer, after some other work, reads the counter once. ' +
    'The value read depends on how far the count got: it is nondeterministic, anywhere from 0 to 100,000.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32(), seen: i32(-1), own: i32() },
  actors: [
    ({ memory, params }) => new Counter(memory.count).countUp(params.increments),
    ({ memory, params, trial }) => {
      otherWork(trial, params.increments, memory.own);
      memory.seen[0] = new Counter(memory.count).getCount();
    },
  ],
  outcome: ({ memory }) => memory.seen[0]!,
  outcomeLabel: 'value the observer read',
  expect: { forbidden: (n, p) => n < 0 || n > p.increments },
  ops: (p) => p.increments,
  trials: 200,
});
