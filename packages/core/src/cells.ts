/**
 * Cells of every kind of shared memory: one typed array per region, of any
 * element type a runtime has (`i8` … `f64`, `f16` where there is a
 * Float16Array), and raw bytes as a DataView. Each `x()` is one cell, an
 * array of length 1, so that actors touch the typed array directly
 * (`memory.count[0]++`); each `xArray(n)` is `n` cells in one region.
 */
import type { RegionSpec } from './layout.js';

/** The typed array each element kind is seen through. */
export interface TypedArrayOfKind {
  i8: Int8Array;
  u8: Uint8Array;
  i16: Int16Array;
  u16: Uint16Array;
  i32: Int32Array;
  u32: Uint32Array;
  i64: BigInt64Array;
  u64: BigUint64Array;
  f16: Float16Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** An element kind: `i8`, `u8`, `i16`, `u16`, `i32`, `u32`, `i64`, `u64`, `f16`, `f32` or `f64`. */
export type ElementKind = keyof TypedArrayOfKind;

/** What one cell of a kind holds: a bigint for `i64`/`u64`, a number otherwise. */
export type ElementValue<K extends ElementKind> = K extends 'i64' | 'u64' ? bigint : number;

interface KindInfo {
  /** The global constructor's name: looked up when a region is built, so declaring `f16()` works where Float16Array is missing. */
  readonly type: string;
  readonly bytes: number;
  /** Integer kinds: the range of an initial value. */
  readonly min?: number | bigint;
  readonly max?: number | bigint;
}

const int = (type: string, bytes: number, signed: boolean): KindInfo => {
  const bits = bytes * 8;
  if (bits === 64) {
    return { type, bytes, min: signed ? -(2n ** 63n) : 0n, max: signed ? 2n ** 63n - 1n : 2n ** 64n - 1n };
  }
  return { type, bytes, min: signed ? -(2 ** (bits - 1)) : 0, max: signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 };
};

/** Every element kind, its typed array and its size in bytes. */
export const ELEMENT_KINDS: Readonly<Record<ElementKind, KindInfo>> = {
  i8: int('Int8Array', 1, true),
  u8: int('Uint8Array', 1, false),
  i16: int('Int16Array', 2, true),
  u16: int('Uint16Array', 2, false),
  i32: int('Int32Array', 4, true),
  u32: int('Uint32Array', 4, false),
  i64: int('BigInt64Array', 8, true),
  u64: int('BigUint64Array', 8, false),
  f16: { type: 'Float16Array', bytes: 2 },
  f32: { type: 'Float32Array', bytes: 4 },
  f64: { type: 'Float64Array', bytes: 8 },
};

type TypedArrayConstructor = new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => { fill(value: unknown): unknown };

/**
 * `length` cells of `kind`, all set to `initial` before every trial (after the
 * buffer was zeroed, so an initial value of 0 costs nothing).
 */
export function cells<K extends ElementKind>(kind: K, length: number, initial: ElementValue<K>): RegionSpec<TypedArrayOfKind[K]> {
  const info = ELEMENT_KINDS[kind];
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new RangeError(`Cannot declare ${kind}Array as 'length' must be a positive integer: received ${show(length)}`);
  }
  checkInitial(kind, info, initial);
  const isZero = initial === 0 || initial === 0n;
  return {
    kind,
    byteLength: length * info.bytes,
    align: info.bytes,
    ...(kind === 'f16' && { requires: ['float16Array'] as const }),
    create: (buffer, byteOffset) => {
      const Type = (globalThis as Record<string, unknown>)[info.type] as TypedArrayConstructor | undefined;
      if (typeof Type !== 'function') throw new TypeError(`Cannot create ${kind} cells as ${info.type} is not available in this runtime`);
      return new Type(buffer, byteOffset, length) as TypedArrayOfKind[K];
    },
    // Object.is: -0 is a float's initial value worth writing (its sign bit is set).
    ...(!(isZero && !Object.is(initial, -0)) && { reset: (view: TypedArrayOfKind[K]) => void view.fill(initial as never) }),
  };
}

function checkInitial(kind: ElementKind, info: KindInfo, initial: unknown): void {
  const fail = (rule: string, Error: typeof TypeError | typeof RangeError = TypeError): never => {
    throw new Error(`Cannot declare ${kind} cells as 'initial' must be ${rule}: received ${show(initial)}`);
  };
  if (info.min === undefined) {
    if (typeof initial !== 'number') fail('a number');
    return;
  }
  if (typeof info.min === 'bigint') {
    if (typeof initial !== 'bigint') fail('a bigint');
  } else if (typeof initial !== 'number' || !Number.isInteger(initial)) {
    fail(`an integer from ${info.min} to ${String(info.max)}`);
  }
  if ((initial as number) < info.min || (initial as number) > info.max!) {
    fail(`an integer from ${show(info.min)} to ${show(info.max)}`, RangeError);
  }
}

/** `5n` for a bigint, like a source literal; anything else as String() does. */
function show(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** One Int8 cell: an `Int8Array` of length 1. */
export const i8 = (initial = 0) => cells('i8', 1, initial);
/** `length` Int8 cells. */
export const i8Array = (length: number, initial = 0) => cells('i8', length, initial);
/** One Uint8 cell: a `Uint8Array` of length 1. */
export const u8 = (initial = 0) => cells('u8', 1, initial);
/** `length` Uint8 cells. */
export const u8Array = (length: number, initial = 0) => cells('u8', length, initial);
/** One Int16 cell: an `Int16Array` of length 1. */
export const i16 = (initial = 0) => cells('i16', 1, initial);
/** `length` Int16 cells. */
export const i16Array = (length: number, initial = 0) => cells('i16', length, initial);
/** One Uint16 cell: a `Uint16Array` of length 1. */
export const u16 = (initial = 0) => cells('u16', 1, initial);
/** `length` Uint16 cells. */
export const u16Array = (length: number, initial = 0) => cells('u16', length, initial);

/**
 * One Int32 cell, seen as an `Int32Array` of length 1 so that actors touch the
 * typed array directly (`memory.count[0]++`), with no getter in between.
 *
 * @example
 * ```ts
 * const memory = { count: i32() };           // memory.count[0] starts at 0
 * const flags = { ready: i32(1) };           // starts at 1 before every trial
 * ```
 */
export const i32 = (initial = 0) => cells('i32', 1, initial);
/**
 * An array of `length` Int32 cells, all set to `initial` before every trial.
 *
 * @example
 * ```ts
 * const memory = { seen: i32Array(1000) };   // memory.seen is an Int32Array(1000)
 * ```
 */
export const i32Array = (length: number, initial = 0) => cells('i32', length, initial);
/** One Uint32 cell: a `Uint32Array` of length 1. */
export const u32 = (initial = 0) => cells('u32', 1, initial);
/** `length` Uint32 cells. */
export const u32Array = (length: number, initial = 0) => cells('u32', length, initial);

/**
 * One 64-bit signed cell, a `BigInt64Array` of length 1: its values are bigints.
 *
 * @example
 * ```ts
 * const memory = { word: i64(-1n) };         // memory.word[0] starts at -1n
 * ```
 */
export const i64 = (initial: bigint = 0n) => cells('i64', 1, initial);
/** `length` 64-bit signed cells (a `BigInt64Array`). */
export const i64Array = (length: number, initial: bigint = 0n) => cells('i64', length, initial);
/** One 64-bit unsigned cell, a `BigUint64Array` of length 1. */
export const u64 = (initial: bigint = 0n) => cells('u64', 1, initial);
/** `length` 64-bit unsigned cells (a `BigUint64Array`). */
export const u64Array = (length: number, initial: bigint = 0n) => cells('u64', length, initial);

/**
 * One half-precision float cell, a `Float16Array` of length 1. Only where the
 * runtime has Float16Array: elsewhere an experiment that declares one is
 * `skipped`, with the reason.
 */
export const f16 = (initial = 0) => cells('f16', 1, initial);
/** `length` half-precision float cells (a `Float16Array`; see {@link f16}). */
export const f16Array = (length: number, initial = 0) => cells('f16', length, initial);
/** One single-precision float cell, a `Float32Array` of length 1. */
export const f32 = (initial = 0) => cells('f32', 1, initial);
/** `length` single-precision float cells. */
export const f32Array = (length: number, initial = 0) => cells('f32', length, initial);
/** One double-precision float cell, a `Float64Array` of length 1. */
export const f64 = (initial = 0) => cells('f64', 1, initial);
/** `length` double-precision float cells. */
export const f64Array = (length: number, initial = 0) => cells('f64', length, initial);

/**
 * `byteLength` raw bytes seen through a `DataView`: any width, any byte
 * offset (unaligned too), either endianness. Zeroed before every trial.
 *
 * @example
 * ```ts
 * const memory = { raw: dataView(16) };
 * // in an actor: memory.raw.setBigUint64(3, 1n, true)   — 8 bytes at an odd offset
 * ```
 */
export function dataView(byteLength: number): RegionSpec<DataView> {
  if (!Number.isSafeInteger(byteLength) || byteLength < 1) {
    throw new RangeError(`Cannot declare dataView as 'byteLength' must be a positive integer: received ${show(byteLength)}`);
  }
  return {
    kind: 'dataView',
    byteLength,
    align: 1,
    create: (buffer, byteOffset) => new DataView(buffer, byteOffset, byteLength),
  };
}
