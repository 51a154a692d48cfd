import { checkRegion } from './region.js';
import { pause } from './spin.js';
import { waitAsync } from './wait-async.js';

/** Cell 0: parties arrived in the current generation. */
const ARRIVED = 0;
/** Cell 1: the generation, bumped by the last arrival; waiters sleep on it. */
const GENERATION = 1;
/** Reads of GENERATION before sleeping. Tuning choice: a barrier of busy workers on their own cores releases within a cache-line transfer. */
const SPIN = 1024;

/**
 * A reusable barrier for `parties` workers: `arriveAndWait()` returns once all
 * have arrived, then the barrier is ready for the next round. Rounds are told
 * apart by a generation number, so a fast worker that arrives for round n+1
 * never counts towards round n. Every worker must build it with the same
 * `parties`; zeroed bytes are a fresh barrier.
 *
 * In a layout: `primitiveWith(Barrier, 4)`.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(buffer, 0, 4);
 * for (let step = 0; step < steps; step++) { compute(step); barrier.arriveAndWait(); }
 * ```
 */
export class Barrier {
  /** Bytes the barrier occupies in the buffer. */
  static readonly BYTE_LENGTH = 8;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cells: Int32Array;
  /** Workers that must arrive each round. */
  readonly parties: number;

  /** Builds the barrier over `(buffer, byteOffset)` for `parties` workers. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, parties = 2) {
    checkRegion('barrier', buffer, byteOffset, Barrier.BYTE_LENGTH, Barrier.ALIGN);
    if (!Number.isSafeInteger(parties) || parties < 1 || parties >= 2 ** 31) {
      throw new RangeError(`Cannot create barrier as 'parties' must be a positive 32-bit integer: received ${parties}`);
    }
    this.#cells = new Int32Array(buffer, byteOffset, 2);
    this.parties = parties;
  }

  /**
   * Arrives and waits for the other parties. Returns `true` in exactly one
   * worker per round (the last to arrive), like `PTHREAD_BARRIER_SERIAL_THREAD`.
   *
   * @example
   * ```ts
   * if (barrier.arriveAndWait()) console.log('round complete');
   * ```
   */
  arriveAndWait(): boolean {
    const generation = this.#arrive();
    if (generation === null) return true;
    const cells = this.#cells;
    for (let i = 0; i < SPIN; i++) {
      if (Atomics.load(cells, GENERATION) !== generation) return false;
      pause();
    }
    // Sleeps only while the generation is unchanged: the last arrival bumps it
    // before notifying, so the wake-up cannot be lost.
    while (Atomics.load(cells, GENERATION) === generation) Atomics.wait(cells, GENERATION, generation);
    return false;
  }

  /**
   * Arrives and waits without blocking the thread.
   *
   * @example
   * ```ts
   * await barrier.arriveAndWaitAsync();
   * ```
   */
  async arriveAndWaitAsync(): Promise<boolean> {
    const generation = this.#arrive();
    if (generation === null) return true;
    const cells = this.#cells;
    while (Atomics.load(cells, GENERATION) === generation) await waitAsync(cells, GENERATION, generation);
    return false;
  }

  /** Counts this arrival; returns the generation to wait on, or null if it completed the round. */
  #arrive(): number | null {
    const cells = this.#cells;
    // Read the generation before arriving: the round cannot complete without
    // this arrival, so the value read is this round's.
    const generation = Atomics.load(cells, GENERATION);
    if (Atomics.add(cells, ARRIVED, 1) + 1 < this.parties) return generation;
    // Last arrival: reset the count *before* publishing the new generation
    // (seq-cst store then add), so a worker that races ahead into the next
    // round counts from zero.
    Atomics.store(cells, ARRIVED, 0);
    Atomics.add(cells, GENERATION, 1);
    Atomics.notify(cells, GENERATION);
    return null;
  }
}
