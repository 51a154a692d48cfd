import { Mutex, defineExperiment, i32, primitive } from '@racelab/core';
import { LockedCounter, Lock } from './counter.js';

/** Step 7: the same race, with a lock around each increment. */
export default defineExperiment({
  id: 'lesson/two-threads-locked',
  title: '7. Two workers count with a lock: nothing is lost',
  description:
    'The same two workers, but increment() acquires a lock first and releases it after. Only one worker at a time ' +
    'can read-add-write, so no update is lost: always exactly 200,000.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32(), lock: primitive(Mutex) },
  actors: [
    ({ memory, params }) => new LockedCounter(memory.count, new Lock(memory.lock)).countUp(params.increments),
    ({ memory, params }) => new LockedCounter(memory.count, new Lock(memory.lock)).countUp(params.increments),
  ],
  outcome: ({ memory }) => memory.count[0]!,
  outcomeLabel: 'final value of the counter',
  expect: { exactly: (p) => 2 * p.increments },
  ops: (p) => 2 * p.increments,
});
