import { checkRegion } from './region.js';
import { deadlineOf, timeLeft, waitAsync } from './wait-async.js';

/**
 * A one-shot gate that opens after `count` calls to `countDown()` (Java's
 * CountDownLatch, Go's WaitGroup with a fixed count). The cell counts the
 * calls so far, so zeroed bytes are a closed latch; every worker must build it
 * with the same `count`.
 *
 * In a layout: `primitiveWith(CountDownLatch, 3)`.
 *
 * @example
 * ```ts
 * const ready = new CountDownLatch(buffer, 0, 3);
 * // each of 3 workers: load(); ready.countDown();
 * // the consumer:
 * ready.wait();
 * ```
 */
export class CountDownLatch {
  /** Bytes the latch occupies in the buffer. */
  static readonly BYTE_LENGTH = 4;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cell: Int32Array;
  /** Calls to `countDown()` that open the latch. */
  readonly count: number;

  /** Builds the latch over `(buffer, byteOffset)`; it opens after `count` count-downs. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, count = 1) {
    checkRegion('count-down latch', buffer, byteOffset, CountDownLatch.BYTE_LENGTH, CountDownLatch.ALIGN);
    if (!Number.isSafeInteger(count) || count < 0 || count >= 2 ** 31) {
      throw new RangeError(`Cannot create count-down latch as 'count' must be a 32-bit integer ≥ 0: received ${count}`);
    }
    this.#cell = new Int32Array(buffer, byteOffset, 1);
    this.count = count;
  }

  /**
   * Counts down once; the call that reaches `count` wakes every waiter.
   *
   * @example
   * ```ts
   * latch.countDown();
   * ```
   */
  countDown(): void {
    // Seq-cst add: publishes this worker's writes to whoever sees the latch open.
    const done = Atomics.add(this.#cell, 0, 1) + 1;
    if (done === this.count) Atomics.notify(this.#cell, 0);
  }

  /**
   * Waits until the latch is open, at most `timeoutMs`. Returns whether it is open.
   *
   * @example
   * ```ts
   * if (!latch.wait(1000)) throw new Error('workers not ready within 1 s');
   * ```
   */
  wait(timeoutMs = Infinity): boolean {
    const cell = this.#cell;
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      const done = Atomics.load(cell, 0);
      if (done >= this.count) return true;
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      // Sleeps only while the count is unchanged; the opening add changes it
      // before notifying, so the wake-up cannot be lost.
      Atomics.wait(cell, 0, done, left === Infinity ? undefined : left);
    }
  }

  /**
   * Waits without blocking the thread.
   *
   * @example
   * ```ts
   * await latch.waitAsync();
   * ```
   */
  async waitAsync(timeoutMs = Infinity): Promise<boolean> {
    const cell = this.#cell;
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      const done = Atomics.load(cell, 0);
      if (done >= this.count) return true;
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      await waitAsync(cell, 0, done, left);
    }
  }

  /** Whether the latch is open (a snapshot). */
  isOpen(): boolean {
    return Atomics.load(this.#cell, 0) >= this.count;
  }
}
