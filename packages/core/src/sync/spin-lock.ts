import { checkRegion } from './region.js';
import { pause } from './spin.js';
import { deadlineOf, timeLeft, waitAsync } from './wait-async.js';

const UNLOCKED = 0;
const LOCKED = 1;

/**
 * Spin rounds before backing off: each round re-reads the cell `2^round`
 * times with `Atomics.pause` between reads (1, 2, 4, ... 512, ~1,000 reads in
 * all, a few microseconds), so waiters stop hammering the line the holder
 * needs. Tuning choice, measured by the `locks/*` benchmarks.
 */
const SPIN_ROUNDS = 10;
/** First and longest back-off sleep, in ms, once spinning has failed. Tuning choice. */
const BACKOFF_FIRST_MS = 0.01;
const BACKOFF_MAX_MS = 1;

/**
 * A test-and-test-and-set spin lock over one Int32 cell: unlock is a single
 * exchange and never a system call, and a waiter spins with `Atomics.pause`
 * (where the runtime has it) for a bounded number of reads, then backs off
 * with short, growing sleeps (`Atomics.wait` with a timeout on the lock's
 * cell, which nobody notifies). Best for tiny critical sections with one
 * thread per core; with more busy threads than cores prefer {@link Mutex}.
 *
 * @example
 * ```ts
 * const lock = new SpinLock(new SharedArrayBuffer(SpinLock.BYTE_LENGTH), 0);
 * lock.lock();
 * try { counter[0]++; } finally { lock.unlock(); }
 * ```
 */
export class SpinLock {
  /** Bytes the lock occupies in the buffer. */
  static readonly BYTE_LENGTH = 4;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cell: Int32Array;

  /** Builds the lock over `(buffer, byteOffset)`; zeroed bytes are unlocked. Rebuild it in any worker. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number) {
    checkRegion('spin lock', buffer, byteOffset, SpinLock.BYTE_LENGTH, SpinLock.ALIGN);
    this.#cell = new Int32Array(buffer, byteOffset, 1);
  }

  /**
   * Takes the lock if it is free, without waiting.
   *
   * @example
   * ```ts
   * if (lock.tryLock()) { try { work(); } finally { lock.unlock(); } }
   * ```
   */
  tryLock(): boolean {
    // Seq-cst compare-exchange: acquiring synchronises with the releasing
    // store, so the critical section sees the previous holder's writes.
    return Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /**
   * Takes the lock, spinning then backing off, for at most `timeoutMs`.
   * Returns whether it was acquired.
   *
   * @example
   * ```ts
   * if (!lock.lock(10)) console.warn('busy');
   * ```
   */
  lock(timeoutMs = Infinity): boolean {
    const cell = this.#cell;
    if (Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED) === UNLOCKED) return true;
    for (let round = 0; round < SPIN_ROUNDS; round++) {
      // Test before test-and-set: plain reads share the cache line, a failed
      // compare-exchange would take it away from the holder every time.
      for (let i = 1 << round; i > 0; i--) {
        pause();
        if (Atomics.load(cell, 0) === UNLOCKED) break;
      }
      if (Atomics.load(cell, 0) === UNLOCKED && Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED) === UNLOCKED) {
        return true;
      }
    }
    const deadline = deadlineOf(timeoutMs);
    let sleep = BACKOFF_FIRST_MS;
    for (;;) {
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      // Nobody notifies a spin lock: this is a timed sleep that returns at once
      // if the cell is already free.
      Atomics.wait(cell, 0, LOCKED, Math.min(sleep, left));
      if (Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED) === UNLOCKED) return true;
      sleep = Math.min(sleep * 2, BACKOFF_MAX_MS);
    }
  }

  /**
   * Takes the lock without blocking the thread, polling with growing timers.
   *
   * @example
   * ```ts
   * if (await lock.lockAsync(100)) { try { work(); } finally { lock.unlock(); } }
   * ```
   */
  async lockAsync(timeoutMs = Infinity): Promise<boolean> {
    const cell = this.#cell;
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      if (Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED) === UNLOCKED) return true;
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      // The unlocking store changes the cell: waitAsync's fallback notices it,
      // and native waitAsync times out (nobody notifies), so poll in slices.
      await waitAsync(cell, 0, LOCKED, Math.min(left, BACKOFF_MAX_MS));
    }
  }

  /**
   * Releases the lock; the caller must hold it.
   *
   * @example
   * ```ts
   * lock.lock(); try { counter[0]++; } finally { lock.unlock(); }
   * ```
   */
  unlock(): void {
    // A seq-cst exchange (not a compare): publishes the critical section's
    // writes to the next acquirer and tells us whether it was locked at all.
    if (Atomics.exchange(this.#cell, 0, UNLOCKED) !== LOCKED) {
      throw new Error('Cannot unlock spin lock as it is not locked');
    }
  }

  /** Whether some thread holds the lock right now (a snapshot, for diagnostics). */
  isLocked(): boolean {
    return Atomics.load(this.#cell, 0) !== UNLOCKED;
  }
}
