import type { Mutex } from './mutex.js';
import { checkRegion } from './region.js';
import { waitAsync } from './wait-async.js';

/** Cell 0: a sequence number, bumped by every notify; waiters sleep on it. */
const SEQUENCE = 0;
/** Cell 1: threads between reading SEQUENCE and waking; notify skips the system call when it is 0. */
const WAITERS = 1;

/**
 * A condition variable for workers, used with a {@link Mutex}: `wait()`
 * releases the mutex, sleeps until notified, and takes the mutex again.
 *
 * No lost wake-ups: a waiter reads the sequence number while it still holds
 * the mutex, and sleeps only while that number is unchanged; a notifier that
 * changed the guarded state (under the mutex) bumps the number before waking
 * anyone. As with every condition variable, wake-ups may be spurious: wait in
 * a loop over the condition. Zeroed bytes are a fresh condition variable.
 *
 * @example
 * ```ts
 * mutex.lock();
 * while (queue[0] === 0) cond.wait(mutex);
 * take(queue); mutex.unlock();
 * // producer: mutex.lock(); put(queue); cond.notifyOne(); mutex.unlock();
 * ```
 */
export class ConditionVariable {
  /** Bytes the condition variable occupies in the buffer. */
  static readonly BYTE_LENGTH = 8;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cells: Int32Array;

  /** Builds the condition variable over `(buffer, byteOffset)`. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number) {
    checkRegion('condition variable', buffer, byteOffset, ConditionVariable.BYTE_LENGTH, ConditionVariable.ALIGN);
    this.#cells = new Int32Array(buffer, byteOffset, 2);
  }

  /**
   * Releases `mutex` (which the caller holds), sleeps until notified or for
   * at most `timeoutMs`, then takes `mutex` again. Returns `false` if it timed
   * out (the mutex is held again either way).
   *
   * @example
   * ```ts
   * while (!ready()) if (!cond.wait(mutex, 100)) break;
   * ```
   */
  wait(mutex: Mutex, timeoutMs = Infinity): boolean {
    const cells = this.#cells;
    // Read under the mutex: any notify for a state change made after this
    // point bumps SEQUENCE, so the wait below cannot miss it.
    const sequence = Atomics.load(cells, SEQUENCE);
    // Register before unlocking so a notifier that sees our state sees us.
    Atomics.add(cells, WAITERS, 1);
    mutex.unlock();
    const result = Atomics.wait(cells, SEQUENCE, sequence, timeoutMs === Infinity ? undefined : Math.max(0, timeoutMs));
    Atomics.sub(cells, WAITERS, 1);
    mutex.lock();
    return result !== 'timed-out';
  }

  /**
   * Like {@link ConditionVariable.wait} without blocking the thread: sleeps
   * with `Atomics.waitAsync` (or polls) and retakes the mutex with `lockAsync`.
   *
   * @example
   * ```ts
   * await mutex.lockAsync();
   * while (!ready()) await cond.waitAsync(mutex);
   * ```
   */
  async waitAsync(mutex: Mutex, timeoutMs = Infinity): Promise<boolean> {
    const cells = this.#cells;
    const sequence = Atomics.load(cells, SEQUENCE);
    Atomics.add(cells, WAITERS, 1);
    mutex.unlock();
    const result = await waitAsync(cells, SEQUENCE, sequence, timeoutMs);
    Atomics.sub(cells, WAITERS, 1);
    await mutex.lockAsync();
    return result !== 'timed-out';
  }

  /**
   * Wakes one waiter, if any. Call it after changing the guarded state,
   * preferably while holding the mutex.
   *
   * @example
   * ```ts
   * mutex.lock(); items[0]++; cond.notifyOne(); mutex.unlock();
   * ```
   */
  notifyOne(): void {
    this.#notify(1);
  }

  /**
   * Wakes every waiter.
   *
   * @example
   * ```ts
   * mutex.lock(); closed[0] = 1; cond.notifyAll(); mutex.unlock();
   * ```
   */
  notifyAll(): void {
    this.#notify(Infinity);
  }

  #notify(count: number): void {
    const cells = this.#cells;
    // Bump first (seq-cst): a waiter that read the old number and has not yet
    // slept will find it changed and return at once.
    Atomics.add(cells, SEQUENCE, 1);
    // A waiter adds itself to WAITERS before it unlocks the mutex, hence before
    // the state change we are notifying about: reading 0 here means nobody
    // can be waiting for it, and the system call is skipped.
    if (Atomics.load(cells, WAITERS) > 0) Atomics.notify(cells, SEQUENCE, count);
  }
}
