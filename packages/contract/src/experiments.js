// The adapter contract as experiments: each checks one thing an adapter must
// do, and runs through the real harness and host on every runtime. Plain JS so
// that every runtime's workers (and later a browser page) load it as is.
import { defineExperiment, i32, i32Array } from '@racelab/core';

/** Upper bound on any wait inside a contract actor, so a broken adapter ends in a verdict, not a hang. */
const GIVE_UP_MS = 5_000;

/**
 * Two workers started from the adapter's module URL each receive the run
 * message (with its params) and write into shared memory; the leader's result
 * message carries the outcome back. Messages both ways, on both workers.
 */
const roundTrip = defineExperiment({
  id: 'contract/round-trip',
  title: 'Workers start from a module URL; messages go both ways',
  params: { token: 'racelab', base: 42 },
  memory: { fromLeader: i32(-1), fromFollower: i32(-1) },
  actors: [
    ({ memory, params }) => {
      memory.fromLeader[0] = params.base;
    },
    ({ memory, params }) => {
      memory.fromFollower[0] = params.base + 1;
    },
  ],
  outcome: ({ memory, params }) => `${params.token}:${memory.fromLeader[0]}:${memory.fromFollower[0]}`,
  expect: { exactly: (p) => `${p.token}:${p.base}:${p.base + 1}` },
  trials: 20,
});

/**
 * A plain write in one worker is seen by another: the buffer is one memory,
 * not a copy per worker. The follower publishes with a flag; the leader reads
 * the flag, then the data.
 */
const sharedMemory = defineExperiment({
  id: 'contract/shared-memory',
  title: 'A SharedArrayBuffer is really shared between workers',
  memory: { data: i32(), flag: i32() },
  actors: [
    ({ memory, trial }) => {
      const deadline = performance.now() + GIVE_UP_MS;
      // Seq-cst load: once it sees the flag, the follower's earlier plain
      // write of `data` is visible too (the store below released it).
      while (Atomics.load(memory.flag, 0) === 0) {
        if (performance.now() > deadline) return;
        Atomics.wait(memory.flag, 0, 0, 1);
      }
      // Overwrite with what was seen relative to this trial, so a stale value
      // from an earlier trial cannot pass.
      memory.data[0] = memory.data[0] === 1000 + trial ? 1 : -memory.data[0];
    },
    ({ memory, trial }) => {
      memory.data[0] = 1000 + trial;
      // Seq-cst store: orders the plain write above before the flag.
      Atomics.store(memory.flag, 0, 1);
      Atomics.notify(memory.flag, 0);
    },
  ],
  outcome: ({ memory }) => (Atomics.load(memory.flag, 0) === 0 ? 'flag never seen' : memory.data[0] === 1 ? 'shared' : `saw ${memory.data[0]}`),
  expect: { exactly: 'shared' },
  trials: 50,
});

const WAIT_RESULT = { ok: 1, 'not-equal': 2, 'timed-out': 3 };
const WAIT_NAME = ['none', 'ok', 'not-equal', 'timed-out'];

/**
 * One worker sleeps in Atomics.wait; another wakes it with Atomics.notify.
 * The notifier retries until its notify reports one waiter woken, so the test
 * does not depend on who gets there first; the futex cell stays 0 throughout,
 * so the wait can only end by notify ('ok') or by its timeout.
 */
const waitNotify = defineExperiment({
  id: 'contract/wait-notify',
  title: 'Atomics.wait in one worker is woken by Atomics.notify in another',
  memory: { futex: i32(), result: i32(), woken: i32(), idle: i32() },
  actors: [
    ({ memory }) => {
      memory.result[0] = WAIT_RESULT[Atomics.wait(memory.futex, 0, 0, GIVE_UP_MS)];
    },
    ({ memory }) => {
      const deadline = performance.now() + GIVE_UP_MS;
      let woken = 0;
      // notify returns how many waiters it woke: 0 means the leader is not
      // asleep yet, so back off briefly and try again.
      while ((woken = Atomics.notify(memory.futex, 0, 1)) === 0 && performance.now() < deadline) {
        Atomics.wait(memory.idle, 0, 0, 0.05);
      }
      memory.woken[0] = woken;
    },
  ],
  outcome: ({ memory }) => `${WAIT_NAME[memory.result[0]]}/${memory.woken[0]}`,
  expect: { exactly: 'ok/1' },
  trials: 20,
});

const CLOCK = ['none', 'monotonic', 'went back', 'did not advance'];

/** performance.now() in each worker never goes back and does advance within a busy millisecond. */
const clockMonotonic = defineExperiment({
  id: 'contract/clock-monotonic',
  title: 'The clock in every worker is monotonic and advances',
  memory: { verdicts: i32Array(2) },
  actors: [0, 1].map((actor) => ({ memory }) => {
    const start = performance.now();
    let previous = start;
    let verdict = 1;
    // Tuning choice: 1 ms is far above any runtime's timer resolution (browsers
    // coarsen to 5-100 µs), and 50 M reads bound the loop if the clock is stuck.
    for (let i = 0; previous - start < 1; i++) {
      const now = performance.now();
      if (now < previous) {
        verdict = 2;
        break;
      }
      if (i > 50_000_000) {
        verdict = 3;
        break;
      }
      previous = now;
    }
    memory.verdicts[actor] = verdict;
  }),
  outcome: ({ memory }) => [...memory.verdicts].map((v) => CLOCK[v]).join(','),
  expect: { exactly: 'monotonic,monotonic' },
  trials: 10,
});

/** Workers may block: Atomics.wait works in every worker, on every runtime (browsers included). */
const workerCanWait = defineExperiment({
  id: 'contract/worker-can-wait',
  title: 'Atomics.wait is allowed inside every worker',
  memory: { results: i32Array(2), cell: i32() },
  actors: [0, 1].map((actor) => ({ memory }) => {
    try {
      // Nobody stores to `cell`: a 0 ms wait must time out, not throw.
      memory.results[actor] = Atomics.wait(memory.cell, 0, 0, 0) === 'timed-out' ? 1 : 2;
    } catch {
      memory.results[actor] = 3;
    }
  }),
  outcome: ({ memory }) => [...memory.results].map((r) => ['none', 'can wait', 'wrong result', 'threw'][r]).join(','),
  expect: { exactly: 'can wait,can wait' },
  trials: 5,
});

/**
 * An actor that never returns: the follower spins forever while the leader
 * sleeps in Atomics.wait for it. Only the adapter's terminate() can free them;
 * the engine must report `timeout` and carry on. Expected verdict: timeout.
 */
const stuckActor = defineExperiment({
  id: 'contract/stuck-actor',
  title: 'A worker stuck in a busy loop is terminated (expected verdict: timeout)',
  memory: { spins: i32() },
  actors: [
    () => {},
    ({ memory }) => {
      // Shared-memory traffic, so no engine can prove the loop pure and drop it.
      for (;;) Atomics.add(memory.spins, 0, 1);
    },
  ],
  outcome: () => 'returned',
  expect: { forbidden: () => true },
  trials: 1,
  warmup: 0,
});

/** Runs right after the stuck actor: fresh workers replace the terminated ones and count exactly. */
const afterTimeout = defineExperiment({
  id: 'contract/after-timeout',
  title: 'The next experiment runs on fresh workers after a timeout',
  params: { increments: 10_000 },
  memory: { count: i32() },
  actors: [0, 1].map(() => ({ memory, params }) => {
    for (let i = 0; i < params.increments; i++) Atomics.add(memory.count, 0, 1);
  }),
  outcome: ({ memory }) => memory.count[0],
  expect: { exactly: (p) => 2 * p.increments },
  ops: (p) => 2 * p.increments,
  trials: 20,
});

/**
 * The contract, in the order it runs: the stuck actor must come right before
 * `afterTimeout`. Only a default export, because a module namespace lists named
 * exports alphabetically and would lose this order.
 */
export default [roundTrip, sharedMemory, waitNotify, clockMonotonic, workerCanWait, stuckActor, afterTimeout];
