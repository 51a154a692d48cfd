/**
 * The two 64-bit patterns a tearing test's writer alternates, and how a value
 * read is told apart: one of the two, zero (not yet written), a mix of their
 * bytes (torn), or a byte of neither (out of thin air: no write wrote it).
 */

/** Outcome codes of a tearing test, in the order of {@link TEAR_NAMES}. */
export const ZERO = 0;
export const PATTERN = 1;
export const COMPLEMENT = 2;
export const TORN = 3;
export const NEITHER = 4;

export const TEAR_NAMES = [
  'zero (read before the first write)',
  'the pattern',
  'its complement',
  'torn: bytes of different writes',
  'a byte of neither',
] as const;

/** 0x0123456789abcdef: every byte differs from its complement's, and neither has a 0x00 byte. */
export const DEFAULT_PATTERN = 0x0123456789abcdefn;

const MASK = 2n ** 64n - 1n;

/** The pattern and its complement as 64-bit unsigned values. */
export function patterns(pattern: bigint): readonly [bigint, bigint] {
  return [pattern & MASK, ~pattern & MASK];
}

/**
 * Checks a pattern param before any trial: zero must mean "not yet written",
 * so neither the pattern nor its complement may have a 0x00 byte (nor, then,
 * a 0xff byte); and as a double neither may be a NaN, whose bits a runtime
 * may rewrite on a store.
 */
export function checkPattern(pattern: bigint): void {
  const [a, b] = patterns(pattern);
  if (pattern !== a) throw new RangeError(`Cannot use pattern ${pattern}n as it must be a 64-bit unsigned value`);
  const bytes = [...bytesOf(a), ...bytesOf(b)];
  if (bytes.includes(0)) {
    throw new RangeError(`Cannot use pattern 0x${a.toString(16)}n as it has a 0x00 or 0xff byte: zero would be mistaken for "not yet written"`);
  }
  const [x, y] = new Float64Array(BigUint64Array.of(a, b).buffer);
  if (Number.isNaN(x) || Number.isNaN(y)) {
    throw new RangeError(`Cannot use pattern 0x${a.toString(16)}n as it or its complement is a NaN as a double`);
  }
}

/** The bytes of a 64-bit value in this platform's memory order: how a typed array stores it. */
export function bytesOf(value: bigint): Uint8Array {
  return new Uint8Array(BigUint64Array.of(value & MASK).buffer);
}

/** The pattern's and its complement's bytes, one after the other; computed once per pattern. */
let cached: { pattern: bigint; bytes: Uint8Array } | undefined;
function expectedBytes(pattern: bigint): Uint8Array {
  if (cached?.pattern !== pattern) {
    const [a, b] = patterns(pattern);
    cached = { pattern, bytes: new Uint8Array([...bytesOf(a), ...bytesOf(b)]) };
  }
  return cached.bytes;
}

/**
 * Classifies the 8 bytes of a value read, at `offset` in `bytes` (a view of
 * the reader's results), byte by byte.
 */
export function classifyRead(bytes: Uint8Array, offset: number, pattern: bigint): number {
  const expected = expectedBytes(pattern);
  let zero = 0;
  let fromA = 0;
  let fromB = 0;
  for (let j = 0; j < 8; j++) {
    const byte = bytes[offset + j]!;
    if (byte === 0) zero++;
    else if (byte === expected[j]) fromA++;
    else if (byte === expected[8 + j]) fromB++;
    else return NEITHER;
  }
  if (zero === 8) return ZERO;
  if (fromA === 8) return PATTERN;
  if (fromB === 8) return COMPLEMENT;
  return TORN;
}
