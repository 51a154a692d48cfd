import { KIND_BYTES, type IntKind } from './ast.js';

/**
 * The spellings of each kind a litmus file accepts: the typed array's name
 * without `Array`, lower-cased (`int32` for Int32Array), and herd-like short
 * names (`i32`). The first spelling is the one the printer writes.
 */
export const KIND_SPELLINGS: Readonly<Record<IntKind, readonly [string, string]>> = {
  i8: ['int8', 'i8'],
  u8: ['uint8', 'u8'],
  i16: ['int16', 'i16'],
  u16: ['uint16', 'u16'],
  i32: ['int32', 'i32'],
  u32: ['uint32', 'u32'],
  i64: ['int64', 'i64'],
  u64: ['uint64', 'u64'],
};

const KIND_BY_SPELLING: ReadonlyMap<string, IntKind> = new Map(
  (Object.entries(KIND_SPELLINGS) as [IntKind, readonly string[]][]).flatMap(([kind, names]) =>
    names.map((name) => [name, kind] as const),
  ),
);

/** The kind a spelling names (`int16` and `i16` both give `i16`), or undefined. */
export function kindOf(spelling: string): IntKind | undefined {
  return KIND_BY_SPELLING.get(spelling);
}

/** `int8, uint8, ...`: the valid type names, for error messages. */
export const KIND_LIST = Object.values(KIND_SPELLINGS)
  .map(([long]) => long)
  .join(', ');

const RANGES = Object.fromEntries(
  (Object.keys(KIND_BYTES) as IntKind[]).map((kind) => {
    const bits = BigInt(KIND_BYTES[kind] * 8);
    const range = kind.startsWith('u') ? { min: 0n, max: (1n << bits) - 1n } : { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n };
    return [kind, range];
  }),
) as Record<IntKind, { readonly min: bigint; readonly max: bigint }>;

/** The smallest and largest value of a kind. */
export function kindRange(kind: IntKind): { readonly min: bigint; readonly max: bigint } {
  return RANGES[kind];
}

/** Whether `value` is one of the kind's values (no wrapping). */
export function inRange(kind: IntKind, value: bigint): boolean {
  const { min, max } = kindRange(kind);
  return value >= min && value <= max;
}

/** Little-endian two's-complement bytes of `value` (taken modulo the kind's size). */
export function toBytes(kind: IntKind, value: bigint): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(KIND_BYTES[kind] * 8, value);
  for (let i = 0; i < KIND_BYTES[kind]; i++) {
    bytes.push(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return bytes;
}

/** The value of little-endian `bytes` read as `kind`. */
export function fromBytes(kind: IntKind, bytes: readonly number[]): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  const bits = KIND_BYTES[kind] * 8;
  return kind.startsWith('u') ? BigInt.asUintN(bits, value) : BigInt.asIntN(bits, value);
}
