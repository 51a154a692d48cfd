import { describe, expect, it } from 'vitest';
import { unmetRequirement } from './capabilities.js';
import { f16, i32 } from './cells.js';
import { sharedBuffer } from './shared-buffer.js';
import { capabilities } from './schema.js';

describe('unmetRequirement', () => {
  const layout = { n: i32(), half: f16(), log: sharedBuffer(8, { maxByteLength: 64 }) };
  it('names the capability a region needs and the region', () => {
    expect(unmetRequirement(layout, { float16Array: false, growableSharedArrayBuffer: true })).toBe(
      'Float16Array is not available in this runtime (needed by memory.half)',
    );
    expect(unmetRequirement(layout, { float16Array: true })).toBe(
      'growable SharedArrayBuffer (new SharedArrayBuffer(n, { maxByteLength })) is not available in this runtime (needed by memory.log)',
    );
    expect(unmetRequirement(layout, { float16Array: true, growableSharedArrayBuffer: true })).toBeUndefined();
    expect(unmetRequirement({ n: i32() }, {})).toBeUndefined();
  });
  it('reads documents written before the probe had these fields', () => {
    const old = { sharedArrayBuffer: true, crossOriginIsolated: null, atomicsWaitOnMainThread: true, atomicsWaitAsync: true, atomicsPause: false, cores: 2, clockResolutionNs: 30 };
    expect(capabilities.parse(old)).toEqual(old);
  });
});
