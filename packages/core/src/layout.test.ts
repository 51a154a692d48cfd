import { describe, expect, it } from 'vitest';
import { dataView, f32, f64Array, i16, i32, i32Array, i64, i8, u16Array, u32, u32Array, u64, u64Array, u8, u8Array } from './cells.js';
import { REGION_ALIGN, allocateBuffers, createMemory, createReset, placeLayout, primitive } from './layout.js';
import { sharedBuffer } from './shared-buffer.js';
import { view } from './view.js';
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
    expect(() => i32(2 ** 31)).toThrow("Cannot declare i32 cells as 'initial' must be an integer from -2147483648 to 2147483647: received 2147483648");
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

describe('a layout of every kind', () => {
  const spec = {
    a: i8(-1),
    b: u8Array(3, 255),
    c: i16(),
    d: u16Array(2, 7),
    e: u32(2 ** 32 - 1),
    f: i64(-(2n ** 63n)),
    g: u64Array(2, 2n ** 64n - 1n),
    h: f32(0.5),
    i: f64Array(2, -0),
    raw: dataView(16),
    halves: view('g', u32Array(2), 8),
    bytes: view('g', dataView(16)),
    ring: sharedBuffer(24),
  };

  it('places each region on its own line; views over their region; own buffers outside', () => {
    const placement = placeLayout(spec);
    expect(placement.offsets).toEqual({
      a: 0, b: 64, c: 128, d: 192, e: 256, f: 320, g: 384, h: 448, i: 512, raw: 576, halves: 392, bytes: 384, ring: 0,
    });
    expect(placement.byteLength).toBe(640);
    expect(placement.buffers).toEqual({ ring: { byteLength: 24 } });
    expect(placement.totalByteLength).toBe(664);
  });

  it('builds the typed arrays each kind names, and a view shares its region\'s bytes', () => {
    const placement = placeLayout(spec);
    const memory = createMemory(spec, new SharedArrayBuffer(placement.byteLength), placement, allocateBuffers(placement));
    expect([memory.a, memory.b, memory.c, memory.d, memory.e, memory.f, memory.g, memory.h, memory.i].map((v) => v.constructor.name)).toEqual(
      ['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'Float32Array', 'Float64Array'],
    );
    expect(memory.raw).toBeInstanceOf(DataView);
    expect(memory.ring).toBeInstanceOf(SharedArrayBuffer);
    expect(memory.ring.byteLength).toBe(24);
    memory.g[1] = 0x0123456789abcdefn;
    expect([...memory.halves].map((x) => x.toString(16))).toEqual(['89abcdef', '1234567']);
    expect(memory.bytes.getBigUint64(8, true)).toBe(0x0123456789abcdefn);
  });

  it('reset restores every initial value, zeroes own buffers, and leaves views alone', () => {
    const placement = placeLayout(spec);
    const buffer = new SharedArrayBuffer(placement.byteLength);
    const buffers = allocateBuffers(placement);
    const memory = createMemory(spec, buffer, placement, buffers);
    const reset = createReset(spec, buffer, memory, buffers);
    reset();
    const initial = () => [memory.a[0], [...memory.b], [...memory.d], memory.e[0], memory.f[0], [...memory.g], memory.h[0], Object.is(memory.i[1], -0)];
    const fresh = initial();
    expect(fresh).toEqual([-1, [255, 255, 255], [7, 7], 2 ** 32 - 1, -(2n ** 63n), [2n ** 64n - 1n, 2n ** 64n - 1n], 0.5, true]);
    new Uint8Array(buffer).fill(3);
    new Uint8Array(memory.ring).fill(3);
    reset();
    expect(initial()).toEqual(fresh);
    expect(memory.c[0]).toBe(0);
    expect(memory.raw.getUint8(5)).toBe(0);
    expect(new Uint8Array(memory.ring).every((x) => x === 0)).toBe(true);
  });

  it('a growable own buffer is zeroed up to the length it grew to, and keeps that length', () => {
    const layout = { log: sharedBuffer(8, { maxByteLength: 64 }) };
    const placement = placeLayout(layout);
    expect(placement.totalByteLength).toBe(64 + 64);
    const buffer = new SharedArrayBuffer(placement.byteLength);
    const buffers = allocateBuffers(placement);
    const memory = createMemory(layout, buffer, placement, buffers);
    const reset = createReset(layout, buffer, memory, buffers);
    expect(memory.log.growable).toBe(true);
    memory.log.grow(32);
    new Uint8Array(memory.log).fill(9);
    reset();
    expect(memory.log.byteLength).toBe(32);
    expect(new Uint8Array(memory.log).every((x) => x === 0)).toBe(true);
  });

  it('refuses to build a region that needs its own buffer when none is given', () => {
    const layout = { ring: sharedBuffer(8) };
    expect(() => createMemory(layout, new SharedArrayBuffer(64))).toThrow(
      "Cannot build memory.ring as it needs a SharedArrayBuffer of its own: pass it in 'buffers' (allocateBuffers makes them)",
    );
  });
});

describe('views that cannot be placed', () => {
  it.each([
    [{ cell: u64(), halves: view('cel', u32Array(2)) }, TypeError, 'Cannot place halves as u32 view of cel as the layout has no such region: valid regions are cell'],
    [{ cell: u64(), halves: view('cell', u32Array(2), 2) }, RangeError, 'Cannot place halves as u32 view of cell at byte 2: needs 4-byte alignment'],
    [{ cell: u64(), halves: view('cell', u32Array(2), 4) }, RangeError, 'Cannot place halves as u32 view of cell at byte 4: needs 8 bytes, cell has 4 from there'],
    [{ cell: u64(), a: view('cell', u8()), b: view('a', u8()) }, TypeError, 'Cannot place b as u8 view of a as a is a view itself: valid regions are cell'],
    [{ ring: sharedBuffer(8), v: view('ring', u8()) }, TypeError, 'Cannot place v as u8 view of ring as ring has a buffer of its own: valid regions are none'],
    [{ cell: u64(), v: view('cell', u8(), -1) }, RangeError, 'Cannot place v as u8 view of cell as its byte offset must be a non-negative integer: received -1'],
  ])('%#: says which rule a view breaks', (layout, type, message) => {
    expect(() => placeLayout(layout as never)).toThrow(new type(message));
  });

  it('a view of the bytes as a DataView may start at any byte', () => {
    expect(placeLayout({ cell: u64(), odd: view('cell', dataView(3), 5) }).offsets.odd).toBe(5);
  });

  it('is a region name of the object, not of its prototype', () => {
    expect(() => placeLayout({ v: view('toString', u8()) })).toThrow(/has no such region/);
  });
});
