import { checkRegion } from './region.js';
import { waitAsync } from './wait-async.js';

const NOT_RUN = 0;
const RUNNING = 1;
const DONE = 2;

/**
 * Runs an initialisation once among all workers that share it: the first
 * caller runs its function, the others wait until it has finished. If the
 * function throws, the once is not done and the next caller tries again (as
 * C++'s `std::call_once`). Zeroed bytes have not run.
 *
 * @example
 * ```ts
 * const init = new Once(buffer, 0);
 * init.run(() => table.set(computeTable()));   // in every worker; runs once
 * ```
 */
export class Once {
  /** Bytes the once occupies in the buffer. */
  static readonly BYTE_LENGTH = 4;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cell: Int32Array;

  /** Builds the once over `(buffer, byteOffset)`. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number) {
    checkRegion('once', buffer, byteOffset, Once.BYTE_LENGTH, Once.ALIGN);
    this.#cell = new Int32Array(buffer, byteOffset, 1);
  }

  /**
   * Runs `fn` if no worker has run it yet, else waits until the one running it
   * has finished. Returns whether this call ran it.
   *
   * @example
   * ```ts
   * if (once.run(setup)) console.log('I set it up');
   * ```
   */
  run(fn: () => void): boolean {
    const cell = this.#cell;
    for (;;) {
      // Seq-cst load: seeing DONE acquires every write the initialiser made.
      const state = Atomics.load(cell, 0);
      if (state === DONE) return false;
      if (state === NOT_RUN && Atomics.compareExchange(cell, 0, NOT_RUN, RUNNING) === NOT_RUN) {
        this.#runAndPublish(fn);
        return true;
      }
      // Sleeps only while someone is still running it; the store of DONE (or
      // NOT_RUN after a throw) comes before the notify.
      Atomics.wait(cell, 0, RUNNING);
    }
  }

  /**
   * Like {@link Once.run} without blocking the thread while another runs it.
   *
   * @example
   * ```ts
   * await once.runAsync(setup);
   * ```
   */
  async runAsync(fn: () => void): Promise<boolean> {
    const cell = this.#cell;
    for (;;) {
      const state = Atomics.load(cell, 0);
      if (state === DONE) return false;
      if (state === NOT_RUN && Atomics.compareExchange(cell, 0, NOT_RUN, RUNNING) === NOT_RUN) {
        this.#runAndPublish(fn);
        return true;
      }
      await waitAsync(cell, 0, RUNNING);
    }
  }

  /** Whether the function has run to completion (a snapshot). */
  isDone(): boolean {
    return Atomics.load(this.#cell, 0) === DONE;
  }

  #runAndPublish(fn: () => void): void {
    const cell = this.#cell;
    try {
      fn();
    } catch (error) {
      // Not done: let the next caller try. Store before notify.
      Atomics.store(cell, 0, NOT_RUN);
      Atomics.notify(cell, 0);
      throw error;
    }
    // Seq-cst store: publishes the initialiser's writes to every later load of DONE.
    Atomics.store(cell, 0, DONE);
    Atomics.notify(cell, 0);
  }
}
