import {
  Mutex,
  type RegionSpec,
  ReadWriteLock,
  Semaphore,
  SpinLock,
  primitive,
  primitiveWith,
} from '@racelab/core';

/**
 * A lock as the stress tests see it: a layout region, and how to take and
 * release it. The broken variants in `test/fixtures` are LocksUnderTest too.
 */
export interface LockUnderTest<T = any> {
  /** Short name for ids and titles, e.g. `mutex`. */
  readonly name: string;
  readonly region: () => RegionSpec<T>;
  readonly acquire: (lock: T) => void;
  readonly release: (lock: T) => void;
}

/** The primitives that give mutual exclusion, each taken in every way it can be. */
export const LOCKS: readonly LockUnderTest[] = [
  {
    name: 'mutex',
    region: () => primitive(Mutex),
    acquire: (lock: Mutex) => lock.lock(),
    release: (lock: Mutex) => lock.unlock(),
  },
  {
    name: 'mutex-try-lock',
    region: () => primitive(Mutex),
    acquire: (lock: Mutex) => {
      while (!lock.tryLock());
    },
    release: (lock: Mutex) => lock.unlock(),
  },
  {
    name: 'mutex-timed-lock',
    region: () => primitive(Mutex),
    // 1 ms: short enough that many calls time out under contention, so the
    // false results are exercised as much as the true ones.
    acquire: (lock: Mutex) => {
      while (!lock.lock(1));
    },
    release: (lock: Mutex) => lock.unlock(),
  },
  {
    name: 'spin-lock',
    region: () => primitive(SpinLock),
    acquire: (lock: SpinLock) => lock.lock(),
    release: (lock: SpinLock) => lock.unlock(),
  },
  {
    name: 'semaphore-1',
    region: () => primitiveWith(Semaphore, 1),
    acquire: (lock: Semaphore) => lock.acquire(),
    release: (lock: Semaphore) => lock.release(),
  },
  {
    name: 'read-write-lock-writers',
    region: () => primitive(ReadWriteLock),
    acquire: (lock: ReadWriteLock) => lock.writeLock(),
    release: (lock: ReadWriteLock) => lock.writeUnlock(),
  },
];
