/**
 * A litmus test as the parser produces it and every tool consumes it (the
 * models, the explanation, the picture, the generated experiment): herdtools'
 * idea of one format read by several tools.
 *
 * Memory is one buffer of bytes. Every location has an integer kind and a
 * byte range in it; a view is another name for (part of) a location's bytes
 * seen as a smaller integer kind, which is how a litmus test states
 * mixed-size accesses (an Int32 written, its two Int16 halves read).
 * Values are bigints so that 64-bit locations need no special case. Byte
 * order is little-endian, as on every platform the runtimes run on.
 */

/** Integer kinds of the typed arrays Atomics works on (i64/u64 are BigInt64Array/BigUint64Array). */
export type IntKind = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64';

/** Bytes per element of each kind. */
export const KIND_BYTES: Readonly<Record<IntKind, number>> = { i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8 };

/** A position in a litmus file, 1-based, for error messages and explanations. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * A named location: `length` elements of `kind` (1 for a scalar), placed at
 * `byteOffset`, aligned to its element size, each starting at `initial`.
 * A view (`view` set) owns no bytes: it names the bytes of `view.of` from
 * `byteOffset` on, as elements of its own kind.
 */
export interface Location {
  readonly name: string;
  readonly kind: IntKind;
  readonly length: number;
  readonly byteOffset: number;
  /** Initial value of each element (views: the bytes of what they view). */
  readonly initial: readonly bigint[];
  readonly view?: { readonly of: string };
  readonly position: SourcePosition;
}

/** One element of a location: what an instruction reads or writes. */
export interface Access {
  readonly location: string;
  /** Element index, 0 for a scalar. */
  readonly index: number;
}

/** The bytes an access covers: `[byteOffset, byteOffset + size)`. */
export interface ByteRange {
  readonly byteOffset: number;
  readonly size: number;
}

/** A value: a constant, a register of the same thread, or an arithmetic combination. */
export type Expr =
  | { readonly kind: 'const'; readonly value: bigint }
  | { readonly kind: 'reg'; readonly reg: string }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '&' | '|' | '^'; readonly left: Expr; readonly right: Expr };

/** `plain`: an ordinary typed-array access (Unordered); `seqcst`: an Atomics operation. */
export type Order = 'plain' | 'seqcst';

/** The read-modify-write operations of Atomics. */
export type RmwOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'exchange';

/** One instruction of a thread. Registers are thread-local and start at 0. */
export type Instruction =
  | { readonly op: 'store'; readonly order: Order; readonly target: Access; readonly value: Expr; readonly position: SourcePosition }
  | { readonly op: 'load'; readonly order: Order; readonly reg: string; readonly source: Access; readonly position: SourcePosition }
  | {
      readonly op: 'rmw';
      readonly fn: RmwOp;
      /** The register that receives the old value, if any. */
      readonly reg?: string;
      readonly target: Access;
      readonly value: Expr;
      readonly position: SourcePosition;
    }
  | {
      readonly op: 'cas';
      /** The register that receives the old value, if any. */
      readonly reg?: string;
      readonly target: Access;
      readonly expected: Expr;
      readonly replacement: Expr;
      readonly position: SourcePosition;
    };

export interface Thread {
  /** 0-based; the file's `P0`, `P1`, ... */
  readonly id: number;
  readonly instructions: readonly Instruction[];
}

/** An atom of the final condition: `T:rN=v` or `x=v` (`x[i]=v` for an array element). */
export type Atom =
  | { readonly kind: 'reg'; readonly thread: number; readonly reg: string; readonly value: bigint }
  | { readonly kind: 'mem'; readonly access: Access; readonly value: bigint };

export type Proposition =
  | { readonly kind: 'atom'; readonly atom: Atom }
  | { readonly kind: 'true' }
  | { readonly kind: 'not'; readonly operand: Proposition }
  | { readonly kind: 'and' | 'or'; readonly left: Proposition; readonly right: Proposition };

/** `exists P`: some allowed outcome satisfies P; `~exists P`: none does; `forall P`: all do. */
export interface Condition {
  readonly quantifier: 'exists' | 'not exists' | 'forall';
  readonly proposition: Proposition;
}

export interface LitmusTest {
  /** From the first line, e.g. `SB+plain` in `JS SB+plain`. */
  readonly name: string;
  /** The quoted line under the name, if any. */
  readonly description?: string;
  /** The file it was read from, for messages. */
  readonly file?: string;
  readonly locations: readonly Location[];
  /** Bytes of the shared buffer (locations laid out from 0, aligned, views excluded). */
  readonly byteLength: number;
  readonly threads: readonly Thread[];
  readonly condition: Condition;
}

/**
 * A final state: every register each thread wrote (by `T:rN`), and the final
 * value of every element of every non-view location (by `x` or `x[i]`).
 * Keys are strings so outcomes can be compared and used as map keys.
 */
export interface Outcome {
  readonly registers: Readonly<Record<string, bigint>>;
  readonly memory: Readonly<Record<string, bigint>>;
}
