/**
 * The shared-memory layout of an experiment: named Int32 cells, Int32 arrays and
 * synchronisation primitives, placed in one SharedArrayBuffer. Every worker
 * rebuilds the same views over the same buffer from the same declaration, so
 * `memory.count` is the very same cell on every thread.
 */

/** How a region of the layout is built over the buffer. */
export interface RegionSpec<T> {
  readonly kind: string;
  readonly byteLength: number;
  /** Required alignment of the region's first byte, in bytes. */
  readonly align: number;
  /** Builds the region's view over `buffer` at `byteOffset`. */
  create(buffer: SharedArrayBuffer, byteOffset: number): T;
  /**
   * Writes the region's initial state before every trial, after the whole
   * buffer was zeroed; absent when zero is the initial state.
   */
  reset?(view: T): void;
}

/** A layout declaration: names to region specs. */
export type LayoutSpec = Readonly<Record<string, RegionSpec<unknown>>>;

/** The views a layout declaration builds: `{ count: i32() }` gives `{ count: Int32Array }`. */
export type Memory<L extends LayoutSpec> = { readonly [K in keyof L]: L[K] extends RegionSpec<infer T> ? T : never };

/** Where each region sits, in bytes from the start of the buffer. */
export interface Placement {
  readonly byteLength: number;
  readonly offsets: Readonly<Record<string, number>>;
}

/**
 * Each region starts on its own 64-byte line (the cache-line size of x86-64 and
 * most ARM cores) so that two named cells never share a line by accident: false
 * sharing would change what a lock or a counter costs. Cells that must share a
 * line belong in one `i32Array`.
 */
export const REGION_ALIGN = 64;

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
export function i32(initial = 0): RegionSpec<Int32Array> {
  return i32Array(1, initial);
}

/**
 * An array of `length` Int32 cells, all set to `initial` before every trial.
 *
 * @example
 * ```ts
 * const memory = { seen: i32Array(1000) };   // memory.seen is an Int32Array(1000)
 * ```
 */
export function i32Array(length: number, initial = 0): RegionSpec<Int32Array> {
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new RangeError(`Cannot declare i32Array as 'length' must be a positive integer: received ${length}`);
  }
  if (!Number.isInteger(initial) || initial < -(2 ** 31) || initial >= 2 ** 31) {
    throw new RangeError(`Cannot declare Int32 cells as 'initial' must be a 32-bit integer: received ${initial}`);
  }
  return {
    kind: 'i32',
    byteLength: length * Int32Array.BYTES_PER_ELEMENT,
    align: Int32Array.BYTES_PER_ELEMENT,
    create: (buffer, byteOffset) => new Int32Array(buffer, byteOffset, length),
    ...(initial !== 0 && { reset: (view: Int32Array) => view.fill(initial) }),
  };
}

/** A primitive class that lives at `(buffer, byteOffset)`, like every primitive in `sync/`. */
export interface SharedPrimitiveClass<T> {
  readonly BYTE_LENGTH: number;
  readonly ALIGN: number;
  new (buffer: SharedArrayBuffer, byteOffset: number): T;
}

/**
 * Declares a region holding a synchronisation primitive (a mutex, ...); its
 * state is zeroed before every trial, which is every primitive's initial state.
 *
 * @example
 * ```ts
 * import { Mutex, primitive } from '@racelab/core';
 * const memory = { lock: primitive(Mutex) }; // memory.lock is a Mutex
 * ```
 */
export function primitive<T>(type: SharedPrimitiveClass<T>): RegionSpec<T> {
  return {
    kind: type.name,
    byteLength: type.BYTE_LENGTH,
    align: type.ALIGN,
    create: (buffer, byteOffset) => new type(buffer, byteOffset),
  };
}

/** Assigns each region its byte offset, in declaration order. */
export function placeLayout(spec: LayoutSpec): Placement {
  const offsets: Record<string, number> = {};
  let end = 0;
  for (const [name, region] of Object.entries(spec)) {
    if (!isRegionSpec(region)) {
      throw new TypeError(
        `Cannot lay out memory as '${name}' is not a region: use i32(), i32Array(n) or primitive(Type)`,
      );
    }
    const align = Math.max(REGION_ALIGN, region.align);
    const offset = Math.ceil(end / align) * align;
    offsets[name] = offset;
    end = offset + region.byteLength;
  }
  return { byteLength: Math.max(REGION_ALIGN, Math.ceil(end / REGION_ALIGN) * REGION_ALIGN), offsets };
}

/** Builds every region's view over `buffer`, which must be at least `placement.byteLength` long. */
export function createMemory<L extends LayoutSpec>(spec: L, buffer: SharedArrayBuffer, placement = placeLayout(spec)): Memory<L> {
  if (buffer.byteLength < placement.byteLength) {
    throw new RangeError(
      `Cannot build memory as the buffer is too small: needs ${placement.byteLength} bytes, received ${buffer.byteLength}`,
    );
  }
  const memory: Record<string, unknown> = {};
  for (const [name, region] of Object.entries(spec)) memory[name] = region.create(buffer, placement.offsets[name]!);
  return memory as Memory<L>;
}

/**
 * Returns a function that puts every region back in its initial state. The
 * buffer is zeroed first so that primitives start unlocked.
 */
export function createReset<L extends LayoutSpec>(spec: L, buffer: SharedArrayBuffer, memory: Memory<L>): () => void {
  const all = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  const resets = Object.entries(spec).flatMap(([name, region]) => {
    const view = (memory as Record<string, unknown>)[name];
    return region.reset ? [() => region.reset!(view)] : [];
  });
  return () => {
    all.fill(0);
    for (const reset of resets) reset();
  };
}

function isRegionSpec(value: unknown): value is RegionSpec<unknown> {
  const v = value as RegionSpec<unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.create === 'function' && Number.isInteger(v.byteLength);
}
