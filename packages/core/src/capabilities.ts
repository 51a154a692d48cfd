/**
 * Probes what this runtime's main thread can do with shared memory, by trying
 * it rather than assuming it.
 */
import type { Adapter } from './adapter.js';
import type { LayoutSpec, Requirement } from './layout.js';
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
    float16Array: typeof (globalThis as { Float16Array?: unknown }).Float16Array === 'function',
    growableSharedArrayBuffer: sharedArrayBuffer && canGrow(),
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

/** ES2024: `new SharedArrayBuffer(n, { maxByteLength })` makes a growable buffer; older runtimes ignore the option. */
function canGrow(): boolean {
  try {
    const buffer = new SharedArrayBuffer(1, { maxByteLength: 2 });
    buffer.grow(2);
    return buffer.byteLength === 2;
  } catch {
    return false;
  }
}

/** What a missing capability means, for the reason of a `skipped` run. */
const MISSING: Readonly<Record<Requirement, string>> = {
  float16Array: 'Float16Array is not available in this runtime',
  growableSharedArrayBuffer: 'growable SharedArrayBuffer (new SharedArrayBuffer(n, { maxByteLength })) is not available in this runtime',
};

/** The capabilities a region may require. */
export const REQUIREMENTS = Object.keys(MISSING) as readonly Requirement[];

/**
 * Why a layout cannot run here, or undefined when the runtime has everything
 * its regions require: e.g. `Float16Array is not available in this runtime
 * (needed by memory.half)`.
 */
export function unmetRequirement(layout: LayoutSpec, capabilities: Partial<Capabilities>): string | undefined {
  for (const [name, region] of Object.entries(layout)) {
    for (const requirement of region.requires ?? []) {
      if (capabilities[requirement] !== true) return `${MISSING[requirement]} (needed by memory.${name})`;
    }
  }
  return undefined;
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
