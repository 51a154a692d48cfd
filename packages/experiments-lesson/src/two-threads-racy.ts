import { defineExperiment, i32 } from '@racelab/core';
import { Counter } from './counter.js';

/** Step 6: two workers count at once on a plain counter and lose updates. */
export default defineExperiment({
  id: 'lesson/two-threads-racy',
  title: '6. Two workers count at once: updates are lost',
  description:
    'Two workers each increment the same plain counter 100,000 times at the same time. An increment is a read, ' +
    'an add and a write; when the two interleave, one write overwrites the other and an update is lost. ' +
    'The final count falls below 200,000 and differs from run to run.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32() },
  actors: [
    ({ memory, params }) => new Counter(memory.count).countUp(params.increments),
    ({ memory, params }) => new Counter(memory.count).countUp(params.increments),
  ],
  outcome: ({ memory }) => memory.count[0]!,
  outcomeLabel: 'final value of the counter',
  expect: {
    forbidden: (n, p) => n > 2 * p.increments,
    interesting: (n, p) => n < 2 * p.increments,
  },
  measure: { label: 'lost updates', unit: 'percent', of: (n, p) => (2 * p.increments - n) / (2 * p.increments) },
  ops: (p) => 2 * p.increments,
});
