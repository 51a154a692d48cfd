import { defineExperiment, i32 } from '@racelab/core';
import { Counter } from './counter.js';

/** Step 2: a worker counts; the coordinator joins it, then reads. */
export default defineExperiment({
  id: 'lesson/one-worker-joined',
  title: '2. One worker counts; the coordinator joins it, then reads',
  description:
    'A worker counts to 100,000 while the coordinator waits for it to finish (join), then reads the count. ' +
    'Joining orders the read after every increment, so the read is always 100,000.',
  tags: ['lesson'],
  params: { increments: 100_000 },
  memory: { count: i32(), finished: i32(), seen: i32(-1) },
  actors: [
    // The coordinator: join (sleep until the worker says it finished), then read.
    ({ memory }) => {
      while (Atomics.load(memory.finished, 0) === 0) Atomics.wait(memory.finished, 0, 0);
      memory.seen[0] = new Counter(memory.count).getCount();
    },
    // The worker: count, then announce it finished. The Atomics.store publishes
    // every increment before it to whoever Atomics.loads the 1.
    ({ memory, params }) => {
      new Counter(memory.count).countUp(params.increments);
      Atomics.store(memory.finished, 0, 1);
      Atomics.notify(memory.finished, 0);
    },
  ],
  outcome: ({ memory }) => memory.seen[0]!,
  outcomeLabel: 'value the coordinator read after the join',
  expect: { exactly: (p) => p.increments },
  ops: (p) => p.increments,
});
