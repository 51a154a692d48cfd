import { checkRegion } from './region.js';
import { pause } from './spin.js';
import { deadlineOf, timeLeft, waitAsync } from './wait-async.js';

/** Cell 0: permits taken right now (0 = all free, so zeroed bytes are a fresh semaphore). */
const TAKEN = 0;
/** Cell 1: threads that may sleep on TAKEN; release notifies only when it is non-zero. */
const SLEEPERS = 1;
/** Reads of the cell before sleeping: catches a release on another core. Tuning choice. */
const SPIN = 128;

/**
 * A counting semaphore for workers: at most `permits` holders at a time.
 * The cell counts permits *taken*, so zeroed bytes are a semaphore with every
 * permit free, whatever `permits` is; every worker must build it with the same
 * `permits`. Not fair: a releasing thread may take a permit again before a
 * woken sleeper does (which keeps throughput up).
 *
 * In a layout: `primitiveWith(Semaphore, 3)`.
 *
 * @example
 * ```ts
 * const pool = new Semaphore(new SharedArrayBuffer(Semaphore.BYTE_LENGTH), 0, 3);
 * if (pool.acquire(100)) { try { useConnection(); } finally { pool.release(); } }
 * ```
 */
export class Semaphore {
  /** Bytes the semaphore occupies in the buffer. */
  static readonly BYTE_LENGTH = 8;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cells: Int32Array;
  /** How many holders at most. */
  readonly permits: number;

  /** Builds the semaphore over `(buffer, byteOffset)`; zeroed bytes have every permit free. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, permits = 1) {
    checkRegion('semaphore', buffer, byteOffset, Semaphore.BYTE_LENGTH, Semaphore.ALIGN);
    if (!Number.isSafeInteger(permits) || permits < 1 || permits >= 2 ** 31) {
      throw new RangeError(`Cannot create semaphore as 'permits' must be a positive 32-bit integer: received ${permits}`);
    }
    this.#cells = new Int32Array(buffer, byteOffset, 2);
    this.permits = permits;
  }

  /**
   * Takes a permit if one is free, without waiting.
   *
   * @example
   * ```ts
   * if (sem.tryAcquire()) { try { work(); } finally { sem.release(); } }
   * ```
   */
  tryAcquire(): boolean {
    const cells = this.#cells;
    for (;;) {
      const taken = Atomics.load(cells, TAKEN);
      if (taken >= this.permits) return false;
      // Seq-cst compare-exchange: taking a permit synchronises with the
      // release that freed it.
      if (Atomics.compareExchange(cells, TAKEN, taken, taken + 1) === taken) return true;
    }
  }

  /**
   * Takes a permit, waiting at most `timeoutMs`. Returns whether it got one.
   *
   * @example
   * ```ts
   * if (!sem.acquire(50)) throw new Error('no permit within 50 ms');
   * ```
   */
  acquire(timeoutMs = Infinity): boolean {
    if (this.tryAcquire()) return true;
    const cells = this.#cells;
    for (let i = 0; i < SPIN; i++) {
      pause();
      if (Atomics.load(cells, TAKEN) < this.permits && this.tryAcquire()) return true;
    }
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      const taken = Atomics.load(cells, TAKEN);
      if (taken < this.permits) {
        if (this.tryAcquire()) return true;
        continue;
      }
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      // Count ourselves as a sleeper before the wait re-checks TAKEN: a
      // release either changes TAKEN first (the wait returns at once) or reads
      // SLEEPERS after our add (and notifies). Seq-cst on both sides.
      Atomics.add(cells, SLEEPERS, 1);
      Atomics.wait(cells, TAKEN, taken, left === Infinity ? undefined : left);
      Atomics.sub(cells, SLEEPERS, 1);
    }
  }

  /**
   * Takes a permit without blocking the thread (`Atomics.waitAsync`, or polling).
   *
   * @example
   * ```ts
   * if (await sem.acquireAsync(1000)) { try { await fetchIt(); } finally { sem.release(); } }
   * ```
   */
  async acquireAsync(timeoutMs = Infinity): Promise<boolean> {
    const cells = this.#cells;
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      if (this.tryAcquire()) return true;
      const taken = Atomics.load(cells, TAKEN);
      if (taken < this.permits) continue;
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      // Same sleeper protocol as acquire().
      Atomics.add(cells, SLEEPERS, 1);
      await waitAsync(cells, TAKEN, taken, left);
      Atomics.sub(cells, SLEEPERS, 1);
    }
  }

  /**
   * Gives a permit back; the caller must hold one.
   *
   * @example
   * ```ts
   * sem.acquire(); try { work(); } finally { sem.release(); }
   * ```
   */
  release(): void {
    const cells = this.#cells;
    // Seq-cst subtraction: publishes the holder's writes, and comes before the
    // read of SLEEPERS below (the other half of the sleeper protocol).
    const before = Atomics.sub(cells, TAKEN, 1);
    if (before <= 0) {
      Atomics.add(cells, TAKEN, 1);
      throw new Error('Cannot release semaphore as no permit is taken');
    }
    if (Atomics.load(cells, SLEEPERS) > 0) Atomics.notify(cells, TAKEN, 1);
  }

  /** Permits free right now (a snapshot, for diagnostics). */
  available(): number {
    return this.permits - Atomics.load(this.#cells, TAKEN);
  }
}
