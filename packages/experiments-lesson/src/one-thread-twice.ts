import { defineExperiment, i32 } from '@racelab/core';
import { Counter } from './counter.js';

/** Step 5: one thread counts to 100,000 twice. */
export default defineExperiment({
  id: 'lesson/one-thread-twice',
  title: '5. One thread counts to 100,000 twice',
  description: 'The same 200,000 increments, one after the other on one thread: always exactly 200,000.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32() },
  actors: [
    ({ memory, params }) => {
      const counter = new Counter(memory.count);
      counter.countUp(params.increments);
      counter.countUp(params.increments);
    },
  ],
  outcome: ({ memory }) => memory.count[0]!,
  outcomeLabel: 'final value of the counter',
  expect: { exactly: (p) => 2 * p.increments },
  ops: (p) => 2 * p.increments,
});
