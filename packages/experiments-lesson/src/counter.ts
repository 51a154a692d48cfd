import type { Mutex } from '@racelab/core';

/**
 * The lesson's counter: one Int32 cell of shared memory with `increment()` and
 * `getCount()`. Its increment is a plain read-modify-write (`cell[0]++`): a
 * load, an add and a store that another thread can interleave with.
 */
export class Counter {
  readonly #cell: Int32Array;

  constructor(cell: Int32Array) {
    this.#cell = cell;
  }

  increment(): void {
    this.#cell[0]!++;
  }

  getCount(): number {
    return this.#cell[0]!;
  }

  /** Counts up `times` times. */
  countUp(times: number): void {
    for (let i = 0; i < times; i++) this.increment();
  }
}

/** The lesson's lock: `acquire()` and `release()` over racelab's futex mutex. */
export class Lock {
  readonly #mutex: Mutex;

  constructor(mutex: Mutex) {
    this.#mutex = mutex;
  }

  acquire(): void {
    this.#mutex.lock();
  }

  release(): void {
    this.#mutex.unlock();
  }
}

/** A counter whose `increment()` holds a lock, so no update is lost. */
export class LockedCounter extends Counter {
  readonly #lock: Lock;

  constructor(cell: Int32Array, lock: Lock) {
    super(cell);
    this.#lock = lock;
  }

  override increment(): void {
    this.#lock.acquire();
    super.increment();
    this.#lock.release();
  }
}

/** A counter whose `increment()` is one `Atomics.add`: indivisible without a lock. */
export class AtomicCounter extends Counter {
  readonly #array: Int32Array;

  constructor(cell: Int32Array) {
    super(cell);
    this.#array = cell;
  }

  override increment(): void {
    Atomics.add(this.#array, 0, 1);
  }
}
