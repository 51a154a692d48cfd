import { checkRegion } from './region.js';
import { DEFAULT_SPIN, pause } from './spin.js';
import { deadlineOf, timeLeft, waitAsync } from './wait-async.js';

const UNLOCKED = 0;
/** Locked, and nobody sleeps on the cell: unlock need not call `Atomics.notify`. */
const LOCKED = 1;
/** Locked, and some thread may sleep on the cell: unlock must wake one. */
const CONTENDED = 2;

/**
 * A mutual-exclusion lock for workers over one Int32 cell of a SharedArrayBuffer.
 *
 * The algorithm is "Mutex, Take 2" of Ulrich Drepper's "Futexes Are Tricky"
 * (2011, https://www.akkadia.org/drepper/futex.pdf): the cell is 0 (unlocked),
 * 1 (locked, no waiters) or 2 (locked, maybe waiters), so an uncontended
 * lock/unlock is one compare-exchange and one subtraction with no system call.
 * Before sleeping in `Atomics.wait` a waiter spins briefly, which catches short
 * critical sections held on another core.
 *
 * `lock()` blocks with `Atomics.wait`, which a browser's main thread may not
 * call: there, use `lockAsync()`.
 *
 * @example
 * ```ts
 * const buffer = new SharedArrayBuffer(Mutex.BYTE_LENGTH);
 * const lock = new Mutex(buffer, 0);        // same (buffer, 0) in every worker
 * lock.lock();
 * try { counter[0]++; } finally { lock.unlock(); }
 * ```
 */
export class Mutex {
  /** Bytes the mutex occupies in the buffer. */
  static readonly BYTE_LENGTH = 4;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cell: Int32Array;
  readonly #spin: number;

  /**
   * Builds the mutex over `(buffer, byteOffset)`; the bytes must start zeroed
   * (unlocked). Any worker can build it again over the same bytes.
   */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, spin = DEFAULT_SPIN) {
    checkRegion('mutex', buffer, byteOffset, Mutex.BYTE_LENGTH, Mutex.ALIGN);
    this.#cell = new Int32Array(buffer, byteOffset, 1);
    this.#spin = spin;
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
    // Sequentially consistent compare-exchange: acquiring the lock
    // synchronises with the unlock that released it, so the critical section
    // sees every write made under the previous holder.
    return Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /**
   * Takes the lock, waiting as long as needed, or at most `timeoutMs`
   * milliseconds. Returns whether the lock was acquired.
   *
   * @example
   * ```ts
   * if (!lock.lock(50)) throw new Error('lock not acquired within 50 ms');
   * ```
   */
  lock(timeoutMs = Infinity): boolean {
    const cell = this.#cell;
    // Fast path: free → locked with one compare-exchange.
    let state = Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED);
    if (state === UNLOCKED) return true;
    // Spin while the holder is likely to release soon; read with Atomics.load
    // so that the read is re-done every iteration (a plain read may be hoisted).
    for (let i = 0; i < this.#spin; i++) {
      pause();
      if (Atomics.load(cell, 0) === UNLOCKED) {
        state = Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED);
        if (state === UNLOCKED) return true;
      }
    }
    const deadline = timeoutMs === Infinity ? Infinity : performance.now() + timeoutMs;
    // Announce a waiter: from now on the lock is taken as CONTENDED, so the
    // holder's unlock will notify. If the exchange returns UNLOCKED we own the
    // lock (in state CONTENDED, which costs at most one needless notify).
    if (state !== CONTENDED) state = Atomics.exchange(cell, 0, CONTENDED);
    while (state !== UNLOCKED) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      // Sleeps only if the cell still holds CONTENDED: an unlock between the
      // exchange and here changes the cell, so the wake-up cannot be lost.
      Atomics.wait(cell, 0, CONTENDED, left === Infinity ? undefined : left);
      state = Atomics.exchange(cell, 0, CONTENDED);
    }
    return true;
  }

  /**
   * Takes the lock without blocking the thread: waits with `Atomics.waitAsync`
   * (or polls where it is missing). Resolves whether the lock was acquired
   * within `timeoutMs`. For a browser page's main thread, or any thread that
   * must keep serving events.
   *
   * @example
   * ```ts
   * if (await lock.lockAsync(100)) { try { render(); } finally { lock.unlock(); } }
   * ```
   */
  async lockAsync(timeoutMs = Infinity): Promise<boolean> {
    const cell = this.#cell;
    // Same protocol as lock(), minus the spinning: a thread that must not
    // block must not burn its time slice either.
    if (Atomics.compareExchange(cell, 0, UNLOCKED, LOCKED) === UNLOCKED) return true;
    const deadline = deadlineOf(timeoutMs);
    // Announce a waiter before sleeping, so that the holder's unlock notifies.
    let state = Atomics.exchange(cell, 0, CONTENDED);
    while (state !== UNLOCKED) {
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      await waitAsync(cell, 0, CONTENDED, left);
      state = Atomics.exchange(cell, 0, CONTENDED);
    }
    return true;
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
    const cell = this.#cell;
    // The subtraction is a release: writes in the critical section happen
    // before the next holder's acquiring compare-exchange or exchange.
    const previous = Atomics.sub(cell, 0, 1);
    if (previous === LOCKED) return;
    if (previous === CONTENDED) {
      // Someone may sleep: fully release, then wake one waiter. The store must
      // come before the notify so that the woken thread finds the lock free.
      Atomics.store(cell, 0, UNLOCKED);
      Atomics.notify(cell, 0, 1);
      return;
    }
    Atomics.store(cell, 0, UNLOCKED);
    throw new Error('Cannot unlock mutex as it is not locked');
  }

  /** Whether some thread holds the lock right now (a snapshot, for diagnostics). */
  isLocked(): boolean {
    return Atomics.load(this.#cell, 0) !== UNLOCKED;
  }
}
