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
