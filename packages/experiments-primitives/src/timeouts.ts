import {
  type AnyExperiment,
  Barrier,
  ConditionVariable,
  CountDownLatch,
  Mutex,
  ReadWriteLock,
  Semaphore,
  SpinLock,
  defineExperiment,
  i32,
  i32Array,
  primitive,
  primitiveWith,
} from '@racelab/core';

/** Every timed wait, given the primitives while actor 0 holds them all. */
export interface TimedWaits {
  readonly name: string;
  readonly mutexLock: (m: Mutex, ms: number) => boolean;
}

export const TIMED_WAITS: TimedWaits = { name: 'timeouts', mutexLock: (m, ms) => m.lock(ms) };

/**
 * Actor 0 takes every primitive and holds it; actor 1 then tries each with a
 * `timeoutMs` timeout. Each must return false (nothing was free) no sooner than
 * the timeout and no later than `slackMs` after it. Actor 0 lets go only when
 * actor 1 is done, so no sleep decides the outcome.
 */
export function timeoutsExperiment(waits: TimedWaits = TIMED_WAITS, id = `primitives/${waits.name}`): AnyExperiment {
  return defineExperiment({
    id,
    title: 'Every timed wait on a held primitive returns false, within its bound',
    description: 'Mutex, spin lock, semaphore, read and write locks, latch and condition variable, each waited on with a timeout while another worker holds it.',
    tags: ['primitives'],
    // 5 ms is above every timer's resolution; 100 ms of slack absorbs a
    // loaded 2-core machine descheduling the waiter. Tuning choices.
    params: { timeoutMs: 5, slackMs: 100 },
    memory: {
      mutex: primitive(Mutex),
      spin: primitive(SpinLock),
      semaphore: primitiveWith(Semaphore, 1),
      rw: primitive(ReadWriteLock),
      latch: primitiveWith(CountDownLatch, 1),
      condMutex: primitive(Mutex),
      cond: primitive(ConditionVariable),
      meet: primitiveWith(Barrier, 2),
      failures: i32Array(8),
      late: i32(),
    },
    actors: [
      ({ memory }) => {
        memory.mutex.lock();
        memory.spin.lock();
        memory.semaphore.acquire();
        memory.rw.writeLock();
        memory.meet.arriveAndWait(); // all held
        memory.meet.arriveAndWait(); // the other is done
        memory.mutex.unlock();
        memory.spin.unlock();
        memory.semaphore.release();
        memory.rw.writeUnlock();
      },
      ({ memory, params }) => {
        memory.meet.arriveAndWait();
        const t = params.timeoutMs;
        const tries: (() => boolean)[] = [
          () => waits.mutexLock(memory.mutex, t),
          () => memory.spin.lock(t),
          () => memory.semaphore.acquire(t),
          () => memory.rw.writeLock(t),
          () => memory.rw.readLock(t),
          () => memory.latch.wait(t),
          () => {
            memory.condMutex.lock();
            const woken = memory.cond.wait(memory.condMutex, t);
            memory.condMutex.unlock();
            return woken;
          },
        ];
        tries.forEach((attempt, i) => {
          const started = performance.now();
          const got = attempt();
          const took = performance.now() - started;
          // 0.1 ms below: performance.now() may be coarsened (Firefox: 1 ms
          // without isolation, 20 µs with) and Atomics.wait may round.
          if (got || took < t - 0.1 || took > t + params.slackMs) {
            Atomics.add(memory.failures, i, 1);
            if (took > t + params.slackMs) Atomics.add(memory.late, 0, 1);
          }
        });
        memory.meet.arriveAndWait();
      },
    ],
    outcome: ({ memory }) => {
      const names = ['mutex', 'spin lock', 'semaphore', 'write lock', 'read lock', 'latch', 'condition variable'];
      const wrong = names.filter((_, i) => memory.failures[i] !== 0);
      return wrong.length === 0 ? 'every timed wait returned false within its bound' : `wrong: ${wrong.join(', ')}`;
    },
    expect: { exactly: 'every timed wait returned false within its bound' },
    trials: 5,
    warmup: 1,
  });
}
