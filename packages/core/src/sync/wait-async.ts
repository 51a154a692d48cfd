/**
 * Waiting without blocking: `Atomics.waitAsync` where the runtime has it, and
 * polling with a growing `setTimeout` where it does not. A browser page's main
 * thread may not call `Atomics.wait`; every primitive's `*Async` method waits
 * here instead.
 */

/** How an asynchronous wait ended, as `Atomics.wait` reports it. */
export type WaitResult = 'ok' | 'not-equal' | 'timed-out';

type WaitAsync = (
  cell: Int32Array,
  index: number,
  value: number,
  timeoutMs?: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

const nativeWaitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Whether this runtime has `Atomics.waitAsync` (else {@link waitAsync} polls). */
export const hasWaitAsync = typeof nativeWaitAsync === 'function';

/**
 * First and longest pause between two polls of the fallback, in ms. A timer
 * fires no sooner than ~1 ms (4 ms once nested in browsers), so polling starts
 * there and doubles up to 16 ms: an idle waiter costs little, and a released
 * primitive is noticed within about one frame. Tuning choice.
 */
const POLL_FIRST_MS = 1;
const POLL_MAX_MS = 16;

/**
 * Waits, without blocking the thread, until `cell[index]` is notified or no
 * longer holds `value`, or until `timeoutMs` passes. Like `Atomics.wait`, it
 * resolves `'not-equal'` at once if the cell does not hold `value`. Callers
 * re-check their condition in a loop: the polling fallback cannot see a
 * notify that leaves the value unchanged, so every primitive changes its cell
 * before it notifies.
 *
 * @example
 * ```ts
 * const cell = new Int32Array(new SharedArrayBuffer(4));
 * while (Atomics.load(cell, 0) === 0) await waitAsync(cell, 0, 0, 100);
 * ```
 */
export function waitAsync(cell: Int32Array, index: number, value: number, timeoutMs = Infinity): Promise<WaitResult> {
  const timeout = Math.max(0, timeoutMs);
  if (nativeWaitAsync) {
    const result = nativeWaitAsync(cell, index, value, timeout === Infinity ? undefined : timeout);
    return result.async ? result.value : Promise.resolve(result.value);
  }
  return poll(cell, index, value, timeout);
}

function poll(cell: Int32Array, index: number, value: number, timeoutMs: number): Promise<WaitResult> {
  if (Atomics.load(cell, index) !== value) return Promise.resolve('not-equal');
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    let delay = POLL_FIRST_MS;
    const check = () => {
      if (Atomics.load(cell, index) !== value) return resolve('ok');
      const left = deadline - performance.now();
      if (left <= 0) return resolve('timed-out');
      setTimeout(check, Math.min(delay, left));
      delay = Math.min(delay * 2, POLL_MAX_MS);
    };
    setTimeout(check, Math.min(delay, timeoutMs));
  });
}

/** The absolute deadline of a relative timeout (`Infinity` stays `Infinity`). */
export function deadlineOf(timeoutMs: number): number {
  return timeoutMs === Infinity ? Infinity : performance.now() + Math.max(0, timeoutMs);
}

/** Milliseconds left before `deadline` (may be ≤ 0, or `Infinity`). */
export function timeLeft(deadline: number): number {
  return deadline === Infinity ? Infinity : deadline - performance.now();
}
