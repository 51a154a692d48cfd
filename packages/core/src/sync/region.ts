import type { RegionSpec } from '../layout.js';

/**
 * Checks that a primitive can live at `(buffer, byteOffset)`: a shared buffer,
 * an aligned offset, and room for `byteLength` bytes. The errors say what to fix.
 */
export function checkRegion(
  primitive: string,
  buffer: SharedArrayBuffer,
  byteOffset: number,
  byteLength: number,
  align: number,
): void {
  if (typeof SharedArrayBuffer === 'undefined' || !(buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(`Cannot create ${primitive} as 'buffer' must be a SharedArrayBuffer: received ${describe(buffer)}`);
  }
  if (!Number.isSafeInteger(byteOffset) || byteOffset < 0) {
    throw new RangeError(`Cannot create ${primitive} as 'byteOffset' must be a non-negative integer: received ${byteOffset}`);
  }
  if (byteOffset % align !== 0) {
    throw new RangeError(`Cannot create ${primitive} as 'byteOffset' must be ${align}-byte aligned: received ${byteOffset}`);
  }
  if (byteOffset + byteLength > buffer.byteLength) {
    throw new RangeError(
      `Cannot create ${primitive} as it needs ${byteLength} bytes from 'byteOffset' ${byteOffset}: the buffer has ${buffer.byteLength}`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** A primitive class whose constructor takes arguments after `(buffer, byteOffset)`, e.g. a semaphore's permits. */
export interface SharedPrimitiveClassWith<T, A extends unknown[]> {
  readonly BYTE_LENGTH: number;
  readonly ALIGN: number;
  readonly name: string;
  new (buffer: SharedArrayBuffer, byteOffset: number, ...args: A): T;
}

/**
 * Declares a layout region holding a primitive built with extra constructor
 * arguments, the same in every worker: `primitiveWith(Semaphore, 3)`. Like
 * `primitive(Type)`, its bytes are zeroed before every trial, and zeroed bytes
 * are every primitive's initial state (a semaphore counts permits taken, a
 * barrier arrivals, a latch count-downs).
 *
 * @example
 * ```ts
 * import { Barrier, Semaphore, i32, primitiveWith } from '@racelab/core';
 * const memory = { pool: primitiveWith(Semaphore, 3), round: primitiveWith(Barrier, 4), n: i32() };
 * ```
 */
export function primitiveWith<T, A extends unknown[]>(type: SharedPrimitiveClassWith<T, A>, ...args: A): RegionSpec<T> {
  return {
    kind: type.name,
    byteLength: type.BYTE_LENGTH,
    align: type.ALIGN,
    create: (buffer, byteOffset) => new type(buffer, byteOffset, ...args),
    reset: () => {},
  };
}
