/**
 * Lock benchmarks: 1 and 2 workers doing lock / increment / unlock in a tight
 * loop, for every primitive of `@racelab/core`, `multithreading`'s Mutex, and
 * the floor and ceiling of a bare `Atomics.add` and a racy plain increment.
 * ns/op is per increment (trial time / (workers × increments)). With more busy
 * workers than cores these figures measure the scheduler, not the lock; on a
 * 2-core machine 2 workers is the most that measures the lock.
 * `pnpm bench:locks` runs them on every runtime with native C interleaved.
 */
import {
  type AnyExperiment,
  Mutex,
  ReadWriteLock,
  type RegionSpec,
  Semaphore,
  SpinLock,
  defineExperiment,
  i32,
  i32Array,
  primitive,
  primitiveWith,
} from '@racelab/core';
import {
  type LoopContext,
  atomicAddLoop,
  multithreadingLoop,
  mutexLoop,
  mutexSameLineLoop,
  mutexSpinLoop,
  racyLoop,
  semaphoreLoop,
  spinLockLoop,
  writeLockLoop,
} from './loops.js';

/** One benchmarked primitive: its name, its layout, its loop, and whether its count must be exact. */
interface Bench {
  readonly name: string;
  readonly title: string;
  readonly memory: Record<string, RegionSpec<unknown>>;
  readonly loop: (ctx: LoopContext) => void;
  readonly exact: boolean;
  /** Increments per worker and trial: 100,000 takes 1 to 5 ms, far above any timer's resolution. */
  readonly increments?: number;
}

/** The counter and the mutex in one cache line: the mutex at bytes 0-3 of a 2-cell region, the counter at 4-7. */
function sameLine(): RegionSpec<{ lock: Mutex; count: Int32Array }> {
  const cells = i32Array(2);
  return {
    ...cells,
    kind: 'mutex+counter',
    create: (buffer, byteOffset) => ({ lock: new Mutex(buffer, byteOffset), count: new Int32Array(buffer, byteOffset + 4, 1) }),
    reset: () => {},
  };
}

export const BENCHES: readonly Bench[] = [
  { name: 'racy-increment', title: 'racy plain increment (ceiling, loses updates)', memory: { count: i32() }, loop: racyLoop, exact: false },
  { name: 'atomic-add', title: 'bare Atomics.add (floor of any lock)', memory: { count: i32() }, loop: atomicAddLoop, exact: true },
  { name: 'mutex', title: 'Mutex (futex, spin then wait)', memory: { lock: primitive(Mutex), count: i32() }, loop: mutexLoop, exact: true },
  {
    name: 'mutex-no-spin',
    title: 'Mutex without spinning (straight to Atomics.wait)',
    memory: { lock: primitiveWith(Mutex, 0), count: i32() },
    loop: mutexSpinLoop,
    exact: true,
  },
  {
    name: 'mutex-same-line',
    title: 'Mutex with the counter in its cache line',
    memory: { pair: sameLine() },
    loop: (ctx) => mutexSameLineLoop({ ...ctx, memory: (ctx.memory as { pair: unknown }).pair }),
    exact: true,
  },
  { name: 'spin-lock', title: 'SpinLock (TTAS, pause, back-off)', memory: { lock: primitive(SpinLock), count: i32() }, loop: spinLockLoop, exact: true },
  { name: 'semaphore', title: 'Semaphore of 1 permit', memory: { lock: primitiveWith(Semaphore, 1), count: i32() }, loop: semaphoreLoop, exact: true },
  { name: 'write-lock', title: 'ReadWriteLock, write side', memory: { lock: primitive(ReadWriteLock), count: i32() }, loop: writeLockLoop, exact: true },
  {
    name: 'multithreading-mutex',
    title: "npm multithreading's Mutex (blockingLock + guard)",
    // Its lock is cell 0 of a whole buffer: declared first, it sits at byte 0.
    memory: { mtLock: i32(), count: i32() },
    loop: multithreadingLoop,
    exact: true,
    // ~3 µs per increment: 10,000 is still 30 ms a trial.
    increments: 10_000,
  },
];

function benchExperiment(bench: Bench, workers: number): AnyExperiment {
  const increments = bench.increments ?? 100_000;
  const expected = (p: { increments: number }) => workers * p.increments;
  return defineExperiment({
    id: `locks/${bench.name}-${workers}w`,
    title: `${bench.title}, ${workers} worker${workers === 1 ? '' : 's'}`,
    description:
      `${workers === 1 ? 'One worker, uncontended' : `${workers} workers contend`}: lock, increment, unlock in a tight loop; ns/op is per increment.`,
    tags: ['locks', 'benchmark'],
    params: { increments },
    memory: bench.memory,
    actors: Array.from({ length: workers }, () => bench.loop as (ctx: any) => void),
    outcome: ({ memory }) => ('pair' in memory ? (memory as any).pair.count : (memory as any).count)[0] as number,
    expect: bench.exact
      ? { exactly: expected }
      : { forbidden: (n: number, p) => n > expected(p), interesting: (n: number, p) => n < expected(p) },
    ops: expected,
    // Small for `pnpm bench:all`; `pnpm bench:locks` asks for more.
    trials: 15,
    warmup: 5,
  });
}

export default BENCHES.flatMap((bench) => [benchExperiment(bench, 1), benchExperiment(bench, 2)]);
