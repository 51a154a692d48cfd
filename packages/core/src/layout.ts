/**
 * The shared-memory layout of an experiment: named regions — cells of any
 * kind (cells.ts), views of another region's bytes (view.ts), buffers of
 * their own (shared-buffer.ts) and synchronisation primitives — placed in one
 * SharedArrayBuffer, the layout's buffer. Every worker rebuilds the same views
 * over the same buffers from the same declaration, so `memory.count` is the
 * very same cell on every thread.
 */
import { hasOwn } from './own.js';

/** A capability a region needs from the runtime (a field of the capability probe). */
export type Requirement = 'float16Array' | 'growableSharedArrayBuffer';

/** How a region of the layout is built over the buffer. */
export interface RegionSpec<T> {
  readonly kind: string;
  /** Bytes the region takes: in the layout's buffer, in its own buffer, or (a view) in the region it sees. */
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
  /** What the runtime must have; an experiment whose layout needs what it lacks is `skipped`. */
  readonly requires?: readonly Requirement[];
  /** A view: the region whose bytes it sees, from `byteOffset` on. It owns no bytes and is never reset. */
  readonly viewOf?: { readonly region: string; readonly byteOffset: number };
  /** A SharedArrayBuffer of its own of `byteLength` bytes (growable up to `maxByteLength` if set), built at offset 0. */
  readonly ownBuffer?: { readonly maxByteLength?: number };
}

/** A layout declaration: names to region specs. */
export type LayoutSpec = Readonly<Record<string, RegionSpec<unknown>>>;

/** The views a layout declaration builds: `{ count: i32() }` gives `{ count: Int32Array }`. */
export type Memory<L extends LayoutSpec> = { readonly [K in keyof L]: L[K] extends RegionSpec<infer T> ? T : never };

/**
 * A layout whose views see regions it has: `view('cel', ...)` in a layout
 * without `cel` is a type error naming the regions it could see.
 */
export type CheckedLayout<L> = L & {
  readonly [K in keyof L]: L[K] extends { readonly viewOf: { readonly region: infer R } }
    ? R extends Exclude<keyof L, K>
      ? unknown
      : { readonly viewOf: { readonly region: Exclude<keyof L, K> } }
    : unknown;
};

/** A region's own buffer: its length, and the most it may grow to. */
export interface OwnBuffer {
  readonly byteLength: number;
  readonly maxByteLength?: number;
}

/** Where each region sits. */
export interface Placement {
  /** Length of the layout's buffer. */
  readonly byteLength: number;
  /** Each region's byte offset in its buffer: the layout's, or (0) its own. */
  readonly offsets: Readonly<Record<string, number>>;
  /** The regions that have a buffer of their own. */
  readonly buffers: Readonly<Record<string, OwnBuffer>>;
  /** The most bytes the layout may take in all, own buffers at their largest included: what `--max-memory` bounds. */
  readonly totalByteLength: number;
}

/**
 * Each region starts on its own 64-byte line (the cache-line size of x86-64 and
 * most ARM cores) so that two named cells never share a line by accident: false
 * sharing would change what a lock or a counter costs. Cells that must share a
 * line belong in one `i32Array` (or views of one region).
 */
export const REGION_ALIGN = 64;

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

/**
 * Assigns each region its byte offset, in declaration order; views are placed
 * over the region they see, and own buffers take no room in the layout's.
 */
export function placeLayout(spec: LayoutSpec): Placement {
  const offsets: Record<string, number> = {};
  const buffers: Record<string, OwnBuffer> = {};
  let end = 0;
  let own = 0;
  for (const [name, region] of Object.entries(spec)) {
    if (!isRegionSpec(region)) {
      throw new TypeError(
        `Cannot lay out memory as '${name}' is not a region: use i32(), u64(), f64Array(n), dataView(n), view(...), sharedBuffer(n) or primitive(Type)`,
      );
    }
    if (region.viewOf) continue;
    if (region.ownBuffer) {
      const max = region.ownBuffer.maxByteLength;
      buffers[name] = { byteLength: region.byteLength, ...(max !== undefined && { maxByteLength: max }) };
      offsets[name] = 0;
      own += max ?? region.byteLength;
      continue;
    }
    const align = Math.max(REGION_ALIGN, region.align);
    const offset = Math.ceil(end / align) * align;
    offsets[name] = offset;
    end = offset + region.byteLength;
  }
  for (const [name, region] of Object.entries(spec)) {
    if (region.viewOf) offsets[name] = placeView(spec, name, region, offsets);
  }
  const byteLength = Math.max(REGION_ALIGN, Math.ceil(end / REGION_ALIGN) * REGION_ALIGN);
  return { byteLength, offsets, buffers, totalByteLength: byteLength + own };
}

/** A view's offset in the layout's buffer, once its region, alignment and size are checked. */
function placeView(spec: LayoutSpec, name: string, region: RegionSpec<unknown>, offsets: Record<string, number>): number {
  const { region: target, byteOffset } = region.viewOf!;
  const base = hasOwn(spec, target) ? spec[target] : undefined;
  const viewable = Object.keys(spec).filter((n) => !spec[n]!.viewOf && !spec[n]!.ownBuffer);
  const cannot = `Cannot place ${name} as ${region.kind} view of ${target}`;
  if (!base || base.viewOf || base.ownBuffer) {
    const why = !base ? 'the layout has no such region' : base.viewOf ? `${target} is a view itself` : `${target} has a buffer of its own`;
    throw new TypeError(`${cannot} as ${why}: valid regions are ${viewable.join(', ') || 'none'}`);
  }
  if (!Number.isSafeInteger(byteOffset) || byteOffset < 0) {
    throw new RangeError(`${cannot} as its byte offset must be a non-negative integer: received ${String(byteOffset)}`);
  }
  if (byteOffset % region.align !== 0) {
    throw new RangeError(`${cannot} at byte ${byteOffset}: needs ${region.align}-byte alignment`);
  }
  if (byteOffset + region.byteLength > base.byteLength) {
    throw new RangeError(
      `${cannot} at byte ${byteOffset}: needs ${region.byteLength} bytes, ${target} has ${Math.max(0, base.byteLength - byteOffset)} from there`,
    );
  }
  return offsets[target]! + byteOffset;
}

/**
 * A fresh SharedArrayBuffer for every region that has one of its own: what
 * the coordinator allocates once per run and sends to every worker.
 */
export function allocateBuffers(placement: Placement): Record<string, SharedArrayBuffer> {
  const buffers: Record<string, SharedArrayBuffer> = {};
  for (const [name, { byteLength, maxByteLength }] of Object.entries(placement.buffers)) {
    buffers[name] = maxByteLength === undefined ? new SharedArrayBuffer(byteLength) : new SharedArrayBuffer(byteLength, { maxByteLength });
  }
  return buffers;
}

/**
 * Builds every region's view over `buffer`, which must be at least
 * `placement.byteLength` long, and `buffers` (from {@link allocateBuffers},
 * the same in every worker) for the regions with a buffer of their own.
 */
export function createMemory<L extends LayoutSpec>(
  spec: L,
  buffer: SharedArrayBuffer,
  placement = placeLayout(spec),
  buffers: Readonly<Record<string, SharedArrayBuffer>> = {},
): Memory<L> {
  if (buffer.byteLength < placement.byteLength) {
    throw new RangeError(
      `Cannot build memory as the buffer is too small: needs ${placement.byteLength} bytes, received ${buffer.byteLength}`,
    );
  }
  const memory: Record<string, unknown> = {};
  for (const [name, region] of Object.entries(spec)) {
    memory[name] = region.create(region.ownBuffer ? ownBuffer(buffers, name) : buffer, placement.offsets[name]!);
  }
  return memory as Memory<L>;
}

function ownBuffer(buffers: Readonly<Record<string, SharedArrayBuffer>>, name: string): SharedArrayBuffer {
  const buffer = hasOwn(buffers, name) ? buffers[name] : undefined;
  if (!(buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(`Cannot build memory.${name} as it needs a SharedArrayBuffer of its own: pass it in 'buffers' (allocateBuffers makes them)`);
  }
  return buffer;
}

/**
 * Returns a function that puts every region back in its initial state. The
 * layout's buffer and every own buffer are zeroed first, so that primitives
 * start unlocked; then each region with an initial value writes it. Views are
 * not reset: they own no bytes, and the region they see is.
 *
 * A growable own buffer cannot shrink: it is zeroed up to its current length
 * and keeps the length it grew to, so a trial starts at the length the
 * previous trial left (read `byteLength` at the start; never assume it).
 */
export function createReset<L extends LayoutSpec>(
  spec: L,
  buffer: SharedArrayBuffer,
  memory: Memory<L>,
  buffers: Readonly<Record<string, SharedArrayBuffer>> = {},
): () => void {
  const all = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  const views = memory as Record<string, unknown>;
  // Without a length, a Uint8Array over a growable buffer tracks its length: fill reaches every byte it has now.
  const own = Object.keys(spec).flatMap((name) => (spec[name]!.ownBuffer ? [new Uint8Array(ownBuffer(buffers, name))] : []));
  const resets = Object.entries(spec).flatMap(([name, region]) =>
    region.reset && !region.viewOf ? [() => region.reset!(views[name])] : [],
  );
  return () => {
    all.fill(0);
    for (const bytes of own) bytes.fill(0);
    for (const reset of resets) reset();
  };
}

function isRegionSpec(value: unknown): value is RegionSpec<unknown> {
  const v = value as RegionSpec<unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.create === 'function' && Number.isInteger(v.byteLength);
}
