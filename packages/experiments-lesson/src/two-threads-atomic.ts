import { defineExperiment, i32 } from '@racelab/core';
import { AtomicCounter } from './counter.js';

/** Step 8: atomicity without a lock. */
export default defineExperiment({
  id: 'lesson/two-threads-atomic',
  title: '8. Two workers count with Atomics.add: atomic without a lock',
  description:
    'Each increment is one Atomics.add, which the hardware performs as one indivisible step. No lock, and still ' +
    'always exactly 200,000.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32() },
  actors: [
    ({ memory, params }) => new AtomicCounter(memory.count).countUp(params.increments),
    ({ memory, params }) => new AtomicCounter(memory.count).countUp(params.increments),
  ],
  outcome: ({ memory }) => memory.count[0]!,
  outcomeLabel: 'final value of the counter',
  expect: { exactly: (p) => 2 * p.increments },
  ops: (p) => 2 * p.increments,
});
