/**
 * One tight loop per primitive: lock, increment a plain counter, unlock.
 * Every loop is its own function literal on purpose: workers persist across
 * experiments, and one shared loop calling `acquire`/`release` closures would
 * turn megamorphic after the second primitive and measure V8's inline caches
 * instead of the lock (principle 4: nothing between the loop and the memory).
 */
import type { Mutex, ReadWriteLock, Semaphore, SpinLock } from '@racelab/core';
import { MultithreadingMutex } from './multithreading.js';

export interface LoopContext {
  readonly memory: any;
  readonly params: { readonly increments: number };
}

export function racyLoop({ memory, params }: LoopContext): void {
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) count[0]!++;
}

export function atomicAddLoop({ memory, params }: LoopContext): void {
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) Atomics.add(count, 0, 1);
}

export function mutexLoop({ memory, params }: LoopContext): void {
  const lock: Mutex = memory.lock;
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    lock.lock();
    count[0]!++;
    lock.unlock();
  }
}

/** The same mutex, built with another spin budget: a separate literal so its feedback stays its own. */
export function mutexSpinLoop({ memory, params }: LoopContext): void {
  const lock: Mutex = memory.lock;
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    lock.lock();
    count[0]!++;
    lock.unlock();
  }
}

/** The mutex with the counter in its own cache line (the layout puts them 64 bytes apart by default). */
export function mutexSameLineLoop({ memory, params }: LoopContext): void {
  const lock: Mutex = memory.lock;
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    lock.lock();
    count[0]!++;
    lock.unlock();
  }
}

export function spinLockLoop({ memory, params }: LoopContext): void {
  const lock: SpinLock = memory.lock;
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    lock.lock();
    count[0]!++;
    lock.unlock();
  }
}

export function semaphoreLoop({ memory, params }: LoopContext): void {
  const lock: Semaphore = memory.lock;
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    lock.acquire();
    count[0]!++;
    lock.release();
  }
}

export function writeLockLoop({ memory, params }: LoopContext): void {
  const lock: ReadWriteLock = memory.lock;
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    lock.writeLock();
    count[0]!++;
    lock.writeUnlock();
  }
}

/** `multithreading`'s Mutex as its README shows it: `blockingLock()` returns a guard, disposing it unlocks. */
export function multithreadingLoop({ memory, params }: LoopContext): void {
  const lock = new MultithreadingMutex(undefined, (memory.mtLock as Int32Array).buffer as SharedArrayBuffer);
  const count: Int32Array = memory.count;
  for (let i = 0; i < params.increments; i++) {
    const guard = lock.blockingLock();
    count[0]!++;
    guard.dispose();
  }
}
