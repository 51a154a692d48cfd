import {
  type AnyExperiment,
  ConditionVariable,
  Mutex,
  type RegionSpec,
  defineExperiment,
  i32,
  i32Array,
  primitive,
} from '@racelab/core';

/** A condition variable as the queue test sees it. */
export interface ConditionUnderTest<T = any> {
  readonly name: string;
  readonly region: () => RegionSpec<T>;
  readonly wait: (cond: T, mutex: Mutex, timeoutMs: number) => boolean;
  readonly notifyOne: (cond: T) => void;
  readonly notifyAll: (cond: T) => void;
}

export const CONDITION_VARIABLE: ConditionUnderTest<ConditionVariable> = {
  name: 'condition-variable',
  region: () => primitive(ConditionVariable),
  wait: (c, m, t) => c.wait(m, t),
  notifyOne: (c) => c.notifyOne(),
  notifyAll: (c) => c.notifyAll(),
};

/** Slots of the bounded queue: small, so both the producer and the consumers wait often. */
const CAPACITY = 4;

/**
 * One producer and `consumers` consumers over a bounded queue guarded by a
 * mutex and two condition variables (not empty, not full). Every item must be
 * delivered exactly once, and no wait may sleep through a notify: each wait
 * has a timeout, and a wait that times out while its condition already holds
 * is a lost wake-up. A deadlock ends as a `timeout` verdict.
 */
export function conditionQueueExperiment(cond: ConditionUnderTest, consumers = 2, id = `primitives/${cond.name}-queue`): AnyExperiment {
  const { wait, notifyOne, notifyAll } = cond;
  interface Ctx {
    memory: any;
    params: { items: number; stallMs: number };
  }
  const producer = ({ memory, params }: Ctx) => {
    const { mutex, notEmpty, notFull, queue, state, stalls } = memory as Record<string, any>;
    for (let item = 1; item <= params.items; item++) {
      mutex.lock();
      while (state[SIZE] === CAPACITY) {
        if (!wait(notFull, mutex, params.stallMs) && state[SIZE] < CAPACITY) Atomics.add(stalls, 0, 1);
      }
      queue[(state[HEAD] + state[SIZE]) % CAPACITY] = item;
      state[SIZE]++;
      notifyOne(notEmpty);
      mutex.unlock();
    }
    mutex.lock();
    state[CLOSED] = 1;
    notifyAll(notEmpty);
    mutex.unlock();
  };
  const consumer = ({ memory, params }: Ctx) => {
    const { mutex, notEmpty, notFull, queue, state, seen, stalls } = memory as Record<string, any>;
    for (;;) {
      mutex.lock();
      while (state[SIZE] === 0 && state[CLOSED] === 0) {
        if (!wait(notEmpty, mutex, params.stallMs) && state[SIZE] > 0) Atomics.add(stalls, 0, 1);
      }
      if (state[SIZE] === 0) {
        mutex.unlock();
        return;
      }
      const item = queue[state[HEAD]];
      state[HEAD] = (state[HEAD] + 1) % CAPACITY;
      state[SIZE]--;
      notifyOne(notFull);
      mutex.unlock();
      Atomics.add(seen, item - 1, 1);
    }
  };
  return defineExperiment({
    id,
    title: `One producer, ${consumers} consumers, a queue of ${CAPACITY} under a mutex and two ${cond.name}s: every item once, no lost wake-up`,
    description: 'Every item must reach exactly one consumer, and no wait may time out while what it waits for is already true.',
    tags: ['primitives'],
    // stallMs: a wait longer than this while the other side keeps working is
    // a lost wake-up, as the producer puts an item every microsecond or so
    // and every put notifies. Generous, for a loaded 2-core machine.
    params: { items: 100_000, stallMs: 250 },
    memory: (p: { items: number }) => ({
      mutex: primitive(Mutex),
      notEmpty: cond.region(),
      notFull: cond.region(),
      queue: i32Array(CAPACITY),
      state: i32Array(3),
      seen: i32Array(p.items),
      stalls: i32(),
    }),
    actors: [producer, ...Array.from({ length: consumers }, () => consumer)],
    outcome: ({ memory }) => {
      let missing = 0;
      let twice = 0;
      for (const n of memory.seen as Int32Array) {
        if (n === 0) missing++;
        else if (n > 1) twice++;
      }
      const stalls = memory.stalls[0] as number;
      if (missing === 0 && twice === 0 && stalls === 0) return 'every item once, no lost wake-up';
      return `${missing} missing, ${twice} delivered twice, ${stalls} lost wake-ups`;
    },
    expect: { exactly: 'every item once, no lost wake-up' },
    ops: (p) => p.items,
    trials: 5,
    warmup: 1,
  });
}

const HEAD = 0;
const SIZE = 1;
const CLOSED = 2;

/**
 * Two workers hand a turn back and forth `handOffs` times through a mutex and
 * a condition variable: a lost wake-up or a deadlock stops it (a `timeout`
 * verdict); a turn taken out of order is counted.
 */
export function pingPongExperiment(cond: ConditionUnderTest, id = `primitives/${cond.name}-ping-pong`): AnyExperiment {
  const { wait, notifyAll } = cond;
  const player = (me: number) => ({ memory, params }: { memory: any; params: { handOffs: number } }) => {
    const { mutex, turn, cond: c, wrong } = memory;
    for (let i = me; i < params.handOffs; i += 2) {
      mutex.lock();
      while (turn[0] % 2 !== me) wait(c, mutex, Infinity);
      if (turn[0] !== i) wrong[0]++;
      turn[0]++;
      notifyAll(c);
      mutex.unlock();
    }
  };
  return defineExperiment({
    id,
    title: `Two workers hand a turn back and forth through a mutex and a ${cond.name}: no deadlock, no turn skipped`,
    tags: ['primitives'],
    params: { handOffs: 100_000 },
    memory: { mutex: primitive(Mutex), cond: cond.region(), turn: i32(), wrong: i32() },
    actors: [player(0), player(1)],
    outcome: ({ memory, params }) =>
      memory.turn[0] === params.handOffs && memory.wrong[0] === 0 ? 'every hand-off in order' : `${memory.wrong[0]} out of order, ${memory.turn[0]} turns`,
    expect: { exactly: 'every hand-off in order' },
    ops: (p) => p.handOffs,
    trials: 3,
    warmup: 1,
  });
}
