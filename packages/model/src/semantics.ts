/**
 * What one instruction does to bytes and registers, the same in every
 * model: values are little-endian two's complement bytes of each kind's
 * width (ECMA-262 NumericToRawBytes / RawBytesToNumeric), stores wrap
 * modulo the width as typed arrays do, and an Atomics read-modify-write
 * combines the bytes it read with its operand as the Atomics functions
 * define their modification functions (§25.4).
 */
import { KIND_BYTES, type Access, type Expr, type Instruction, type IntKind, type Location, type LitmusTest, type Outcome } from './litmus/ast.js';

/** Byte values of a little-endian integer, lowest byte first. */
export type Bytes = readonly number[];

/** Bytes of `value` stored as `kind`: wraps modulo 2^(8·size), as a typed array store does. */
export function encode(kind: IntKind, value: bigint): number[] {
  const size = KIND_BYTES[kind];
  const out: number[] = [];
  if (size <= 4) {
    // Up to 32 bits fit a Number exactly: the models encode values at every step, and BigInt shifts are slow.
    let v = Number(BigInt.asUintN(size * 8, value));
    for (let i = 0; i < size; i++) {
      out.push(v % 256);
      v = Math.floor(v / 256);
    }
    return out;
  }
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** The value of `bytes` read as `kind` (signed kinds in two's complement). */
export function decode(kind: IntKind, bytes: Bytes): bigint {
  const bits = bytes.length * 8;
  if (bytes.length <= 4) {
    let v = 0;
    for (let i = bytes.length - 1; i >= 0; i--) v = v * 256 + bytes[i]!;
    return BigInt(!kind.startsWith('u') && v >= 2 ** (bits - 1) ? v - 2 ** bits : v);
  }
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return kind.startsWith('u') ? v : BigInt.asIntN(bits, v);
}

/** Whether two byte lists are equal (ByteListEqual). */
export function sameBytes(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The value of an expression given the thread's registers (absent registers are 0). */
export function evaluate(expr: Expr, register: (name: string) => bigint): bigint {
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'reg':
      return register(expr.reg);
    case 'binary': {
      const l = evaluate(expr.left, register);
      const r = evaluate(expr.right, register);
      switch (expr.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '&':
          return l & r;
        case '|':
          return l | r;
        case '^':
          return l ^ r;
      }
    }
  }
}

/** The registers an expression reads. */
export function registersOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'const':
      return [];
    case 'reg':
      return [expr.reg];
    case 'binary':
      return [...registersOf(expr.left), ...registersOf(expr.right)];
  }
}

/** The registers an instruction reads to compute what it writes. */
export function operandRegisters(instruction: Instruction): string[] {
  switch (instruction.op) {
    case 'load':
      return [];
    case 'store':
    case 'rmw':
      return registersOf(instruction.value);
    case 'cas':
      return [...registersOf(instruction.expected), ...registersOf(instruction.replacement)];
  }
}

/** The register an instruction writes, if any. */
export function destination(instruction: Instruction): string | undefined {
  return instruction.op === 'store' ? undefined : instruction.reg;
}

/** The element an instruction accesses. */
export function accessOf(instruction: Instruction): Access {
  return instruction.op === 'load' ? instruction.source : instruction.target;
}

/** Whether an instruction reads shared memory (loads, read-modify-writes, compareExchange). */
export const isReading = (instruction: Instruction): boolean => instruction.op !== 'store';

/** Whether an instruction writes shared memory (stores, read-modify-writes, compareExchange: a failed compareExchange writes back what it read). */
export const isWriting = (instruction: Instruction): boolean => instruction.op !== 'load';

/** Whether an instruction is an Atomics operation (order SeqCst): Atomics.load/store, every RMW and compareExchange. */
export const isAtomic = (instruction: Instruction): boolean =>
  instruction.op === 'rmw' || instruction.op === 'cas' || instruction.order === 'seqcst';

/**
 * The bytes a store writes, or for a read-modify-write the bytes it writes
 * given the bytes it read: Atomics.add/sub wrap, and/or/xor are bytewise,
 * exchange writes its operand, compareExchange writes the replacement when
 * the bytes read equal the expected value's bytes and writes back what it
 * read otherwise (AtomicCompareExchangeInSharedBlock).
 */
export function writtenBytes(instruction: Instruction, kind: IntKind, register: (name: string) => bigint, read?: Bytes): number[] {
  switch (instruction.op) {
    case 'load':
      throw new TypeError('Cannot compute written bytes as a load writes nothing');
    case 'store':
      return encode(kind, evaluate(instruction.value, register));
    case 'rmw': {
      const operand = evaluate(instruction.value, register);
      const old = decode(kind, read!);
      const operandBytes = encode(kind, operand);
      switch (instruction.fn) {
        case 'add':
          return encode(kind, old + operand);
        case 'sub':
          return encode(kind, old - operand);
        case 'and':
          return read!.map((b, i) => b & operandBytes[i]!);
        case 'or':
          return read!.map((b, i) => b | operandBytes[i]!);
        case 'xor':
          return read!.map((b, i) => b ^ operandBytes[i]!);
        case 'exchange':
          return operandBytes;
      }
    }
    case 'cas': {
      const expected = encode(kind, evaluate(instruction.expected, register));
      return sameBytes(read!, expected) ? encode(kind, evaluate(instruction.replacement, register)) : [...read!];
    }
  }
}

/** One element of a location: its kind and byte range in the buffer. */
export interface Element {
  readonly location: Location;
  readonly index: number;
  readonly kind: IntKind;
  readonly byteOffset: number;
  readonly size: number;
}

/** The element an access names (views resolve to the bytes they view). */
export function elementOf(test: LitmusTest, access: Access): Element {
  const location = test.locations.find((l) => l.name === access.location);
  if (!location) throw new RangeError(`Cannot find location '${access.location}' in test ${test.name}`);
  if (access.index < 0 || access.index >= location.length) {
    throw new RangeError(`Cannot access ${access.location}[${access.index}] as it has ${location.length} element(s)`);
  }
  const size = KIND_BYTES[location.kind];
  return { location, index: access.index, kind: location.kind, byteOffset: location.byteOffset + access.index * size, size };
}

/** `x` for a scalar, `a[1]` for an array element: how outcomes and conditions name an element. */
export function elementName(location: Location, index: number): string {
  return location.length === 1 ? location.name : `${location.name}[${index}]`;
}

/** Every element of every location that owns bytes (not views): the final state's elements. */
export function finalElements(test: LitmusTest): Element[] {
  let elements = finalElementsCache.get(test);
  if (!elements) finalElementsCache.set(test, (elements = computeFinalElements(test)));
  return elements;
}

const finalElementsCache = new WeakMap<LitmusTest, Element[]>();

function computeFinalElements(test: LitmusTest): Element[] {
  return test.locations
    .filter((l) => !l.view)
    .flatMap((location) => Array.from({ length: location.length }, (_, index) => elementOf(test, { location: location.name, index })));
}

/** The buffer's bytes before any thread runs (each owning location's initial values). */
export function initialMemory(test: LitmusTest): Uint8Array {
  const memory = new Uint8Array(test.byteLength);
  for (const element of finalElements(test)) {
    memory.set(encode(element.kind, element.location.initial[element.index] ?? 0n), element.byteOffset);
  }
  return memory;
}

/** For each thread, the registers some instruction writes, in order of first write. */
export function writtenRegisters(test: LitmusTest): string[][] {
  let registers = writtenRegistersCache.get(test);
  if (!registers) writtenRegistersCache.set(test, (registers = computeWrittenRegisters(test)));
  return registers;
}

const writtenRegistersCache = new WeakMap<LitmusTest, string[][]>();

function computeWrittenRegisters(test: LitmusTest): string[][] {
  return test.threads.map((thread) => [...new Set(thread.instructions.map(destination).filter((r) => r !== undefined))]);
}

/**
 * An outcome from final registers and memory: every register a thread
 * writes (`T:rN`) and every element of every owning location.
 */
export function makeOutcome(test: LitmusTest, registers: readonly ReadonlyMap<string, bigint>[], memory: Bytes | Uint8Array): Outcome {
  const regs: Record<string, bigint> = {};
  writtenRegisters(test).forEach((names, thread) => {
    for (const name of names) regs[`${thread}:${name}`] = registers[thread]?.get(name) ?? 0n;
  });
  const mem: Record<string, bigint> = {};
  for (const element of finalElements(test)) {
    mem[elementName(element.location, element.index)] = decode(element.kind, Array.from(memory.slice(element.byteOffset, element.byteOffset + element.size)));
  }
  return { registers: regs, memory: mem };
}

/** An instruction with what every model needs to run it: its element and which memory effects it has. */
export interface CompiledInstruction {
  readonly instruction: Instruction;
  readonly thread: number;
  /** Position in the thread's program order. */
  readonly index: number;
  readonly element: Element;
  readonly reads: boolean;
  readonly writes: boolean;
  /** An Atomics operation (SeqCst). */
  readonly atomic: boolean;
}

/** Every thread's instructions, resolved against the test's locations. */
export function compileThreads(test: LitmusTest): CompiledInstruction[][] {
  return test.threads.map((thread, t) =>
    thread.instructions.map((instruction, index) => ({
      instruction,
      thread: t,
      index,
      element: elementOf(test, accessOf(instruction)),
      reads: isReading(instruction),
      writes: isWriting(instruction),
      atomic: isAtomic(instruction),
    })),
  );
}

/**
 * Runs one instruction on bytes it has read (if it reads): returns what it
 * writes (if it writes) and the register it sets (if any). The registers
 * map is the thread's and is updated in place.
 */
export function execute(
  compiled: CompiledInstruction,
  registers: Map<string, bigint>,
  read: Bytes | undefined,
): { written?: number[] } {
  const { instruction, element } = compiled;
  const register = (name: string) => registers.get(name) ?? 0n;
  const written = compiled.writes ? writtenBytes(instruction, element.kind, register, read) : undefined;
  const reg = destination(instruction);
  if (reg !== undefined) registers.set(reg, decode(element.kind, read!));
  return written === undefined ? {} : { written };
}
