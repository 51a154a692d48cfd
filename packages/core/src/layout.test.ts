import { describe, expect, it } from 'vitest';
import { REGION_ALIGN, createMemory, createReset, i32, i32Array, placeLayout, primitive } from './layout.js';
import { Mutex } from './sync/mutex.js';

describe('placeLayout', () => {
  it('puts every region on its own 64-byte line, in declaration order', () => {
    const placement = placeLayout({ a: i32(), b: i32Array(20), lock: primitive(Mutex) });
    expect(placement.offsets).toEqual({ a: 0, b: 64, lock: 192 });
    expect(placement.byteLength % REGION_ALIGN).toBe(0);
    expect(placement.byteLength).toBe(256);
  });

  it('rejects a value that is not a region, naming it', () => {
    expect(() => placeLayout({ count: 3 as never })).toThrow(/'count' is not a region/);
  });
});

describe('i32Array', () => {
  it('rejects a length that is not a positive integer', () => {
    expect(() => i32Array(0)).toThrow(RangeError);
    expect(() => i32Array(1.5)).toThrow(/received 1.5/);
  });
  it('rejects an initial value outside Int32', () => {
    expect(() => i32(2 ** 31)).toThrow(/32-bit integer/);
  });
});

describe('createMemory', () => {
  it('builds views over one shared buffer that two builds share', () => {
    const spec = { count: i32(), seen: i32Array(4) };
    const buffer = new SharedArrayBuffer(placeLayout(spec).byteLength);
    const a = createMemory(spec, buffer);
    const b = createMemory(spec, buffer);
    a.count[0] = 7;
    a.seen[3] = 9;
    expect(b.count[0]).toBe(7);
    expect(b.seen[3]).toBe(9);
    expect(b.count.length).toBe(1);
  });

  it('refuses a buffer that is too small', () => {
    expect(() => createMemory({ x: i32Array(100) }, new SharedArrayBuffer(64))).toThrow(/needs 448 bytes, received 64/);
  });

  it('reset zeroes the buffer, unlocks primitives and restores initial values', () => {
    const spec = { count: i32(), flag: i32(-1), lock: primitive(Mutex) };
    const buffer = new SharedArrayBuffer(placeLayout(spec).byteLength);
    const memory = createMemory(spec, buffer);
    const reset = createReset(spec, buffer, memory);
    memory.count[0] = 5;
    memory.flag[0] = 3;
    memory.lock.lock();
    reset();
    expect(memory.count[0]).toBe(0);
    expect(memory.flag[0]).toBe(-1);
    expect(memory.lock.isLocked()).toBe(false);
  });
});
