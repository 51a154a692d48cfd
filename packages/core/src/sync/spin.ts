/**
 * `Atomics.pause()` (ES2026) tells the CPU that this is a spin-wait loop (x86
 * `pause`, ARM `yield`): the spinning core yields pipeline resources to its
 * hyper-thread sibling and leaves the loop without a memory-order mis-speculation.
 * Runtimes that lack it get a no-op.
 */
export const pause: (iterations?: number) => void =
  typeof (Atomics as unknown as { pause?: unknown }).pause === 'function'
    ? (Atomics as unknown as { pause: (n?: number) => void }).pause.bind(Atomics)
    : () => {};

/** Whether this runtime has `Atomics.pause`. */
export const hasPause = typeof (Atomics as unknown as { pause?: unknown }).pause === 'function';

/**
 * How many times a waiter re-reads a cell before it sleeps in `Atomics.wait`. A
 * futex round trip costs several microseconds; a hand-off between two running
 * cores takes ~0.1 µs, so a few hundred reads catch most short critical
 * sections without burning a time slice. Tuning choice, measured by the lock
 * benchmarks.
 */
export const DEFAULT_SPIN = 256;
