import { Mutex, defineExperiment, i32, primitive } from '@racelab/core';
import { Counter, Lock } from './counter.js';
import { otherWork } from './observer.js';

/** Step 4: the worker counts in locked groups of 10; the observer reads under the same lock. */
export default defineExperiment({
  id: 'lesson/observer-reads-under-lock',
  title: '4. Counting in locked groups of 10, read under the same lock',
  description:
    'The worker takes a lock around each group of 10 increments, and the observer reads under the same lock. ' +
    'The observer can never see a group half done: every value read is a multiple of 10. Which multiple is still nondeterministic.',
  tags: ['lesson'],
  params: { increments: 100_000, group: 10 },
  memory: { count: i32(), seen: i32(-1), own: i32(), lock: primitive(Mutex) },
  actors: [
    ({ memory, params }) => {
      const counter = new Counter(memory.count);
      const lock = new Lock(memory.lock);
      for (let done = 0; done < params.increments; done += params.group) {
        lock.acquire();
        counter.countUp(Math.min(params.group, params.increments - done));
        lock.release();
      }
    },
    ({ memory, params, trial }) => {
      otherWork(trial, params.increments, memory.own);
      const lock = new Lock(memory.lock);
      lock.acquire();
      memory.seen[0] = new Counter(memory.count).getCount();
      lock.release();
    },
  ],
  outcome: ({ memory }) => memory.seen[0]!,
  outcomeLabel: 'value the observer read',
  expect: {
    forbidden: (n, p) => n < 0 || n > p.increments || (n % p.group !== 0 && n !== p.increments),
  },
  ops: (p) => p.increments,
  trials: 200,
});
