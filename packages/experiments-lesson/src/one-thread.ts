import { defineExperiment, i32 } from '@racelab/core';
import { Counter } from './counter.js';

/** Step 1: one thread counts. */
export default defineExperiment({
  id: 'lesson/one-thread',
  title: '1. One thread counts to 100,000',
  description:
    'A single thread increments a counter 100,000 times. With nobody else touching it, the count is always exactly 100,000.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32() },
  actors: [({ memory, params }) => new Counter(memory.count).countUp(params.increments)],
  outcome: ({ memory }) => memory.count[0]!,
  outcomeLabel: 'final value of the counter',
  expect: { exactly: (p) => p.increments },
  ops: (p) => p.increments,
});
