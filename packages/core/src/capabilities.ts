/**
 * Probes what this runtime's main thread can do with shared memory, by trying
 * it rather than assuming it.
 */
import type { Adapter } from './adapter.js';
import type { Capabilities } from './schema.js';
import { hasPause } from './sync/spin.js';

/** The capability probe reported in the `hello` event and by `racelab doctor`. */
export function probeCapabilities(adapter: Adapter): Capabilities {
  const sharedArrayBuffer = typeof SharedArrayBuffer === 'function';
  const isolated = (globalThis as { crossOriginIsolated?: unknown }).crossOriginIsolated;
  return {
    sharedArrayBuffer,
    crossOriginIsolated: typeof isolated === 'boolean' ? isolated : null,
    atomicsWaitOnMainThread: sharedArrayBuffer && canWaitHere(),
    atomicsWaitAsync: typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function',
    atomicsPause: hasPause,
    cores: adapter.cores(),
    clockResolutionNs: clockResolutionNs(),
  };
}

/** Browsers throw on `Atomics.wait` outside workers; a zero timeout makes the try free. */
function canWaitHere(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0);
    return true;
  } catch {
    return false;
  }
}

/** The smallest step `performance.now()` takes, in ns (browsers coarsen it on purpose). */
export function clockResolutionNs(): number {
  let smallest = Infinity;
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    let next = performance.now();
    while (next === start) next = performance.now();
    smallest = Math.min(smallest, next - start);
  }
  return Math.round(smallest * 1e6 * 10) / 10;
}
