/**
 * A SharedArrayBuffer of its own, for code that wants a whole buffer laid out
 * by itself from offset 0 (a ring buffer from npm, a WebAssembly-style heap).
 */
import type { RegionSpec } from './layout.js';

/** Options of {@link sharedBuffer}. */
export interface SharedBufferOptions {
  /**
   * Makes the buffer growable up to this many bytes (ES2024
   * `new SharedArrayBuffer(n, { maxByteLength })`); an experiment that
   * declares one is `skipped` on a runtime without growable buffers.
   */
  readonly maxByteLength?: number;
}

/**
 * The actors receive a `SharedArrayBuffer` of `byteLength` bytes of its own
 * (not a slice of the layout's buffer), allocated once per run, shared by every
 * worker and zeroed before every trial.
 *
 * A growable buffer cannot shrink, so "zeroed before every trial" means:
 * zeroed up to its current length, keeping the length it grew to. A trial
 * starts at the length the previous one left; read `byteLength` at the start
 * of each trial, and stop growing at `maxByteLength`.
 *
 * @example
 * ```ts
 * import { sharedBuffer } from '@racelab/core';
 * const memory = {
 *   heap: sharedBuffer(4096),                              // memory.heap: SharedArrayBuffer
 *   log: sharedBuffer(1024, { maxByteLength: 1 << 20 }),   // memory.log.grow(n) where supported
 * };
 * ```
 */
export function sharedBuffer(byteLength: number, options: SharedBufferOptions = {}): RegionSpec<SharedArrayBuffer> {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`Cannot declare sharedBuffer as 'byteLength' must be a non-negative integer: received ${String(byteLength)}`);
  }
  const max = options.maxByteLength;
  if (max !== undefined && !(Number.isSafeInteger(max) && max >= byteLength)) {
    throw new RangeError(
      `Cannot declare sharedBuffer as 'maxByteLength' must be an integer of at least its byteLength ${byteLength}: received ${String(max)}`,
    );
  }
  return {
    kind: 'sharedBuffer',
    byteLength,
    align: 1,
    ownBuffer: max === undefined ? {} : { maxByteLength: max },
    ...(max !== undefined && { requires: ['growableSharedArrayBuffer'] as const }),
    create: (buffer) => buffer,
  };
}
