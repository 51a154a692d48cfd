import { describe, expect, it } from 'vitest';
import { ELEMENT_KINDS, dataView, f16, i16, i64, i64Array, i8, u16, u32, u64, u8, u8Array } from './cells.js';
import { sharedBuffer } from './shared-buffer.js';
import { view } from './view.js';

describe('cells', () => {
  it('takes each kind\'s element size and aligns to it', () => {
    const sizes = Object.fromEntries(Object.entries(ELEMENT_KINDS).map(([kind, info]) => [kind, info.bytes]));
    expect(sizes).toEqual({ i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, f16: 2, f32: 4, f64: 8 });
    expect(i64Array(3)).toMatchObject({ kind: 'i64', byteLength: 24, align: 8 });
    expect(u8Array(3)).toMatchObject({ kind: 'u8', byteLength: 3, align: 1 });
  });

  it.each([
    [() => i64(5 as never), TypeError, "Cannot declare i64 cells as 'initial' must be a bigint: received 5"],
    [() => u64(-1n), RangeError, "Cannot declare u64 cells as 'initial' must be an integer from 0n to 18446744073709551615n: received -1n"],
    [() => i64(2n ** 63n), RangeError, /from -9223372036854775808n to 9223372036854775807n: received 9223372036854775808n/],
    [() => u8(256), RangeError, "Cannot declare u8 cells as 'initial' must be an integer from 0 to 255: received 256"],
    [() => i8(1.5), TypeError, "Cannot declare i8 cells as 'initial' must be an integer from -128 to 127: received 1.5"],
    [() => i16(5n as never), TypeError, "Cannot declare i16 cells as 'initial' must be an integer from -32768 to 32767: received 5n"],
    [() => u16('1' as never), TypeError, /'initial' must be an integer from 0 to 65535: received "1"/],
    [() => u32(-1), RangeError, /from 0 to 4294967295: received -1/],
    [() => f16(1n as never), TypeError, "Cannot declare f16 cells as 'initial' must be a number: received 1n"],
    [() => u8Array(0), RangeError, "Cannot declare u8Array as 'length' must be a positive integer: received 0"],
    [() => dataView(0), RangeError, "Cannot declare dataView as 'byteLength' must be a positive integer: received 0"],
  ])('%#: names the kind and the rule', (declare, type, message) => {
    expect(declare).toThrow(type);
    expect(declare).toThrow(message);
  });

  it('declares f16 anywhere, requiring Float16Array only where it is built', () => {
    const spec = f16(1.5);
    expect(spec).toMatchObject({ kind: 'f16', byteLength: 2, align: 2, requires: ['float16Array'] });
    const buffer = new SharedArrayBuffer(8);
    if (typeof (globalThis as { Float16Array?: unknown }).Float16Array === 'function') {
      expect(spec.create(buffer, 0).constructor.name).toBe('Float16Array');
    } else {
      expect(() => spec.create(buffer, 0)).toThrow('Cannot create f16 cells as Float16Array is not available in this runtime');
    }
  });
});

describe('view', () => {
  it('refuses what cannot see bytes, and initial values it would never write', () => {
    expect(() => view('cell', sharedBuffer(8) as never)).toThrow(
      'Cannot declare a view of cell as it must see the bytes as cells (u32Array(2), ...) or dataView(n): received sharedBuffer',
    );
    expect(() => view('cell', u8(1))).toThrow(
      'Cannot declare a view of cell with an initial value: a view owns no bytes and is not reset; give cell the initial value',
    );
  });
});

describe('sharedBuffer', () => {
  it('is growable only with maxByteLength, and then requires it', () => {
    expect(sharedBuffer(16)).toMatchObject({ byteLength: 16, ownBuffer: {} });
    expect(sharedBuffer(16).requires).toBeUndefined();
    expect(sharedBuffer(16, { maxByteLength: 64 })).toMatchObject({ ownBuffer: { maxByteLength: 64 }, requires: ['growableSharedArrayBuffer'] });
  });
  it('says what is wrong with a length', () => {
    expect(() => sharedBuffer(-1)).toThrow("Cannot declare sharedBuffer as 'byteLength' must be a non-negative integer: received -1");
    expect(() => sharedBuffer(16, { maxByteLength: 8 })).toThrow(
      "Cannot declare sharedBuffer as 'maxByteLength' must be an integer of at least its byteLength 16: received 8",
    );
  });
});
