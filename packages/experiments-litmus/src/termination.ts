/**
 * Termination: can a spin on a plain read loop forever? The ECMAScript model
 * lets a compiler read a plain location once and keep the value, so a loop
 * that waits for another thread's plain store may never see it. Each test
 * has no bound on its spin: a trial that has not ended by its deadline is the
 * outcome `hung` (its workers are replaced and the next trial runs). With
 * Atomics.load the store must be seen: `hung` is forbidden there.
 */
import { type Actor, type LayoutSpec, defineExperiment, i32, i32Array } from '@racelab/core';

/**
 * Peterson's lock with plain accesses, as a newcomer writes it from a
 * textbook: the two-condition wait is a shape the optimizing compilers hoist
 * (seen here hanging on Bun and Firefox). Without a fence it is not even a
 * lock (store buffering lets both enter), so lost counts are interesting too.
 */
const petersonMemory = { flag: i32Array(2), turn: i32(), count: i32(), nap: i32() } satisfies LayoutSpec;
type PetersonActor = Actor<{ rounds: number }, typeof petersonMemory>;

const petersonPlain =
  (me: number): PetersonActor =>
  ({ memory: { flag, turn, count }, params: { rounds } }) => {
    const other = 1 - me;
    for (let r = 0; r < rounds; r++) {
      flag[me] = 1;
      turn[0] = other;
      while (flag[other] === 1 && turn[0] === other);
      count[0]!++;
      flag[me] = 0;
    }
  };

const petersonAtomics =
  (me: number): PetersonActor =>
  ({ memory: { flag, turn, count, nap }, params: { rounds } }) => {
    const other = 1 - me;
    for (let r = 0; r < rounds; r++) {
      // Seq-cst stores and loads: Peterson's lock needs the store of our
      // flag ordered before the load of the other's (a store-load fence),
      // which plain accesses on x86 do not give.
      Atomics.store(flag, me, 1);
      Atomics.store(turn, 0, other);
      for (let spins = 0; Atomics.load(flag, other) === 1 && Atomics.load(turn, 0) === other; ) {
        // Sleep 50 µs now and then: when the other actor shares our core (a
        // busy machine), spinning on would keep it from releasing the lock
        // (seen: trials of 200 ms took over 15 s). Nothing it says changes.
        if (++spins === 1000) {
          Atomics.wait(nap, 0, 0, 0.05);
          spins = 0;
        }
      }
      // Inside the lock: the plain increment is ordered by the Atomics around it.
      count[0]!++;
      // Release: a seq-cst store after the critical section publishes the count.
      Atomics.store(flag, me, 0);
    }
  };

const peterson = {
  tags: ['litmus', 'termination'],
  memory: petersonMemory,
  params: { rounds: 200_000 },
  trials: 20,
  // The compilers hoisted the wait in a worker's first trial already.
  warmup: 0,
  outcome: ({ memory: { count } }: { memory: { count: Int32Array } }) => count[0]!,
  // A trial past its deadline whose count still moves is slow (a loaded
  // machine: under load the Atomics lock's trials took over 15 s), not hung.
  progress: ({ memory: { count } }: { memory: { count: Int32Array } }) => Atomics.load(count, 0),
  outcomeLabel: 'final count, or hung',
  ops: (p: { rounds: number }) => 2 * p.rounds,
};

export const terminationPetersonPlain = defineExperiment({
  ...peterson,
  id: 'litmus/termination-peterson-plain',
  title: "Termination: Peterson's lock with plain accesses",
  description:
    "Two threads take Peterson's lock 200,000 times each with plain accesses and count inside it. The compiler may " +
    'hoist the reads of the wait loop and spin forever (hung), and without a fence both may enter (a lost count): both ' +
    'are allowed by the memory model.',
  // A hoisted wait never ends; an ordinary trial took 15-200 ms here.
  trialDeadlineMs: 1500,
  actors: [petersonPlain(0), petersonPlain(1)],
  expect: { interesting: (o: number | string, p) => o === 'hung' || o !== 2 * p.rounds },
});

export const terminationPetersonAtomics = defineExperiment({
  ...peterson,
  id: 'litmus/termination-peterson-atomics',
  title: "Termination: Peterson's lock with Atomics",
  description:
    'The same lock with Atomics.load and Atomics.store (its wait sleeps 50 µs every 1,000 spins): every wait ends ' +
    'and no count is lost.',
  // Generous: here a hang is a failure (and a trial that still counts gets more time).
  trialDeadlineMs: 15_000,
  actors: [petersonAtomics(0), petersonAtomics(1)],
  expect: { exactly: (p: { rounds: number }) => 2 * p.rounds },
});

/** The one-condition spin: `while (flag[0] === 0);` on a plain read. */
const spinMemory = { flag: i32(), spins: i32() } satisfies LayoutSpec;
const common = {
  tags: ['litmus', 'termination'],
  memory: spinMemory,
  trials: 20,
  // With the setter's delay, Bun and Firefox hoisted the spin in a worker's first trial.
  warmup: 0,
  outcome: () => 'ended',
  outcomeLabel: 'ended, or hung',
};

/**
 * How long the setter waits before it stores: long enough for the spinner's
 * loop to be compiled by the optimizing tier on the stack. With 2 ms Bun and
 * Firefox hung in 18-20 of 20 trials from the first one; with 1 ms, 2 and 13.
 */
const SETTER_DELAY_MS = 5;

const setAfterDelay =
  (store: (flag: Int32Array) => void): Actor<Record<string, never>, typeof spinMemory> =>
  ({ memory: { flag } }) => {
    const end = performance.now() + SETTER_DELAY_MS;
    while (performance.now() < end);
    store(flag);
  };

export const terminationPlain = defineExperiment({
  ...common,
  id: 'litmus/termination-plain',
  title: 'Termination: spinning on a plain flag',
  description:
    'One thread spins until a flag another thread sets becomes 1, reading it with a plain access and no bound. The ' +
    'compiler may read it once and loop forever (hung): the model allows it.',
  trialDeadlineMs: 500,
  actors: [
    ({ memory: { flag } }) => {
      while (flag[0] === 0);
    },
    setAfterDelay((flag) => {
      flag[0] = 1;
    }),
  ],
  expect: { interesting: (o: string) => o === 'hung' },
});

export const terminationAtomics = defineExperiment({
  ...common,
  id: 'litmus/termination-atomics',
  title: 'Termination: spinning on an Atomics flag',
  description: 'The same spin with Atomics.load, which must see the store: hung is forbidden.',
  trialDeadlineMs: 5000,
  actors: [
    ({ memory: { flag } }) => {
      // Atomics.load is never hoisted: each iteration reads memory.
      while (Atomics.load(flag, 0) === 0);
    },
    setAfterDelay((flag) => {
      Atomics.store(flag, 0, 1);
    }),
  ],
  expect: { forbidden: (o: string) => o === 'hung' },
});
