import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_BYTES, type Access, type Expr, type Instruction, type IntKind, type LitmusTest, type Location, type Proposition } from './ast.js';
import { LitmusSyntaxError, parseLitmus, printLitmus } from './index.js';
import { kindRange } from './kinds.js';

/** Positions and the file name are where the text put things; equality of tests ignores them. */
function strip<T>(value: T): T {
  if (Array.isArray(value)) return value.map(strip) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'position' && key !== 'file')
      .map(([key, v]) => [key, strip(v)]),
  ) as T;
}

// --- (a) mutations of valid files -------------------------------------------------

const CATALOG = new URL('../../catalog/', import.meta.url);
const SEEDS = readdirSync(CATALOG)
  .filter((file) => file.endsWith('.litmus'))
  .map((file) => readFileSync(new URL(file, CATALOG), 'utf8'));

/** Fragments that are meaningful somewhere in the format, so mutations reach deep into the parser. */
const FRAGMENTS = [
  ...'|;(){}[]=,@+-~:.&^*"\\\n\t '.split(''),
  '/\\', '\\/', '(*', '*)', '//', 'exists', '~exists', 'forall', 'true', 'JS', 'Atomics', 'Atomics.load(', 'Atomics.store(',
  'Atomics.compareExchange(', 'Atomics.wait(', 'r0', 'r1', 'r99', 'x', 'y', 'a[1]', 'int8', 'uint64', 'i16', 'P0', 'P1', 'P7',
  '0', '1', '-1', '0x', '0xFF', '255', '99999999999999999999999', '5:r0', '0:r0=', '@ x + 2', ' | ', ' ;\n',
];

type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert' | 'replace'; readonly at: number; readonly length: number; readonly text: string };

const fragment = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), text: fragment }),
);

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.length);
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  return text.slice(0, at) + m.text + text.slice(at + m.length);
}

/** A parse either succeeds (and then prints back to the same test) or fails with a position inside the text. */
function checkParse(text: string, limitMs = 500): void {
  const started = performance.now();
  let test: LitmusTest | undefined;
  try {
    test = parseLitmus(text, 'fuzz.litmus');
  } catch (error) {
    expect(error).toBeInstanceOf(LitmusSyntaxError);
    const { line, column, message } = error as LitmusSyntaxError;
    const lines = text.split('\n');
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lines.length);
    expect(column).toBeGreaterThanOrEqual(1);
    expect(column).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
    expect(message.startsWith(`fuzz.litmus:${line}:${column}: `)).toBe(true);
  }
  // A hang would stall the run rather than fail it; a slow parse is the visible sign of one.
  expect(performance.now() - started).toBeLessThan(limitMs);
  if (test) expect(strip(parseLitmus(printLitmus(test)))).toEqual(strip(test));
}

describe('parseLitmus on mutated files', () => {
  it('throws nothing but LitmusSyntaxError, at positions inside the text, and quickly', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        checkParse(mutations.reduce(mutate, seed));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['deep parentheses in a value', `JS D\n{ x; }\n P0 ;\n x = ${'('.repeat(100_000)}1 ;\nexists (true)`],
    ['deep parentheses in the condition', `JS D\n{ x; }\n P0 ;\nexists ${'('.repeat(100_000)}true`],
    ['a long ~ chain', `JS D\n{ x; }\n P0 ;\nexists ${'~'.repeat(100_000)}true`],
    ['deeply nested comments', `JS D\n${'(*'.repeat(100_000)}`],
    ['a long row', `JS D\n{ x; }\n P0 ;\n${' x = 1 ;\n'.repeat(5_000)}exists (true)`],
    ['a long expression', `JS D\n{ x; }\n P0 ;\n x = 1${' + r0'.repeat(20_000)} ;\nexists (true)`],
    ['a long condition', `JS D\n{ x; }\n P0 ;\nexists (x=0${' /\\ x=0'.repeat(20_000)})`],
  ])('survives %s', (_, text) => {
    // Big inputs get a looser bound than the small mutated files: this is about hangs, not speed.
    checkParse(text, 3000);
  });
});

// --- (b) generated tests round-trip through the printer -----------------------------

const KINDS: readonly IntKind[] = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64'];
const NAMES = ['x', 'y', 'z', 'a', 'b', 'flag', 'data', 'w_1', '$v'];
const REGISTERS = ['r0', 'r1', 'r2', 'r10'];
const AT = { line: 1, column: 1 };
const TYPED_ARRAYS = {
  i8: Int8Array, u8: Uint8Array, i16: Int16Array, u16: Uint16Array,
  i32: Int32Array, u32: Uint32Array, i64: BigInt64Array, u64: BigUint64Array,
} as const;

// Arbitraries are built once: fc.gen() builds one per call otherwise, which dominates the run time.
const VALUES = Object.fromEntries(
  KINDS.map((kind) => {
    const { min, max } = kindRange(kind);
    return [kind, fc.oneof(fc.constantFrom(min, max, 0n, 1n), fc.bigInt({ min, max }))];
  }),
) as Record<IntKind, fc.Arbitrary<bigint>>;
const valueOf = (kind: IntKind) => VALUES[kind];
const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;
const NAME = fc.stringMatching(/^[A-Za-z0-9+.\-]{1,16}$/);
const DESCRIPTION = fc.option(fc.stringMatching(/^[ -~\t]{0,30}$/), { nil: undefined });

/**
 * Locations laid out independently of the parser: roots aligned in order, and
 * each view's initial values read through real typed arrays over one buffer
 * (little-endian, like the model).
 */
function generateLocations(g: fc.GeneratorValue): { locations: Location[]; byteLength: number } {
  const names = g(fc.shuffledSubarray, NAMES, { minLength: 1, maxLength: 6 });
  const locations: Location[] = [];
  let end = 0;
  for (const name of names) {
    const roots = locations.filter((l) => !l.view);
    if (roots.length > 0 && g(fc.boolean)) {
      const root = g(fc.constantFrom, ...roots);
      const rootSize = KIND_BYTES[root.kind] * root.length;
      const kind = g(fc.constantFrom, ...KINDS.filter((k) => KIND_BYTES[k] <= rootSize));
      const size = KIND_BYTES[kind];
      const offsets = Array.from({ length: rootSize - size + 1 }, (_, i) => i).filter((o) => (root.byteOffset + o) % size === 0);
      if (offsets.length === 0) continue;
      const offset = g(fc.constantFrom, ...offsets);
      const length = g(fc.integer, { min: 1, max: Math.floor((rootSize - offset) / size) });
      locations.push({ name, kind, length, byteOffset: root.byteOffset + offset, initial: [], view: { of: root.name }, position: AT });
    } else {
      const kind = g(fc.constantFrom, ...KINDS);
      const length = g(fc.integer, { min: 1, max: 3 });
      const byteOffset = alignUp(end, KIND_BYTES[kind]);
      end = byteOffset + KIND_BYTES[kind] * length;
      locations.push({ name, kind, length, byteOffset, initial: Array.from({ length }, () => g(valueOf, kind)), position: AT });
    }
  }
  const byteLength = alignUp(end, 8);
  const buffer = new ArrayBuffer(byteLength);
  const array = (l: Location) => new TYPED_ARRAYS[l.kind](buffer, l.byteOffset, l.length);
  for (const root of locations.filter((l) => !l.view)) {
    const target = array(root);
    root.initial.forEach((v, i) => (target[i] = (root.kind === 'i64' || root.kind === 'u64' ? v : Number(v)) as never));
  }
  return {
    locations: locations.map((l) => (l.view ? { ...l, initial: Array.from(array(l) as ArrayLike<number | bigint>, (v) => BigInt(v)) } : l)),
    byteLength,
  };
}

function generateBinary(g: fc.GeneratorValue, depth: number): Expr {
  const op = g(fc.constantFrom, '+' as const, '-' as const, '&' as const, '|' as const, '^' as const);
  return { kind: 'binary', op, left: generateExpr(g, depth - 1), right: generateExpr(g, depth - 1) };
}

function generateExpr(g: fc.GeneratorValue, depth: number): Expr {
  const choice = g(fc.integer, { min: 0, max: depth > 0 ? 2 : 1 });
  if (choice === 0) return { kind: 'const', value: g(fc.bigInt, { min: -1000n, max: 1000n }) };
  if (choice === 1) return { kind: 'reg', reg: g(fc.constantFrom, ...REGISTERS) };
  return generateBinary(g, depth);
}

/** A value for a location of `kind`: a lone constant must fit the kind, a computed one need not. */
function generateValue(g: fc.GeneratorValue, kind: IntKind): Expr {
  if (g(fc.boolean)) return { kind: 'const', value: g(valueOf, kind) };
  return g(fc.boolean) ? { kind: 'reg', reg: g(fc.constantFrom, ...REGISTERS) } : generateBinary(g, 2);
}

function generateAccess(g: fc.GeneratorValue, locations: readonly Location[]): { access: Access; kind: IntKind } {
  const location = g(fc.constantFrom, ...locations);
  return { access: { location: location.name, index: g(fc.integer, { min: 0, max: location.length - 1 }) }, kind: location.kind };
}

function generateInstruction(g: fc.GeneratorValue, locations: readonly Location[], written: Map<string, Set<IntKind>>): Instruction {
  const { access, kind } = generateAccess(g, locations);
  const reg = g(fc.constantFrom, ...REGISTERS);
  const keep = g(fc.boolean);
  const writes = (r: string | undefined) => r !== undefined && written.set(r, new Set([...(written.get(r) ?? []), kind]));
  switch (g(fc.constantFrom, 'store', 'load', 'rmw', 'cas')) {
    case 'store':
      return { op: 'store', order: g(fc.constantFrom, 'plain' as const, 'seqcst' as const), target: access, value: generateValue(g, kind), position: AT };
    case 'load':
      writes(reg);
      return { op: 'load', order: g(fc.constantFrom, 'plain' as const, 'seqcst' as const), reg, source: access, position: AT };
    case 'rmw': {
      const fn = g(fc.constantFrom, 'add' as const, 'sub' as const, 'and' as const, 'or' as const, 'xor' as const, 'exchange' as const);
      if (keep) writes(reg);
      return { op: 'rmw', fn, ...(keep && { reg }), target: access, value: generateValue(g, kind), position: AT };
    }
    default:
      if (keep) writes(reg);
      return { op: 'cas', ...(keep && { reg }), target: access, expected: generateValue(g, kind), replacement: generateValue(g, kind), position: AT };
  }
}

function generateProposition(g: fc.GeneratorValue, test: Omit<LitmusTest, 'condition'>, written: readonly Map<string, Set<IntKind>>[], depth: number): Proposition {
  const choice = g(fc.integer, { min: 0, max: depth > 0 ? 5 : 2 });
  const threads = written.flatMap((regs, thread) => [...regs].map(([reg, kinds]) => ({ thread, reg, kinds: [...kinds] })));
  if (choice === 0) return { kind: 'true' };
  if (choice === 1 && threads.length > 0) {
    const { thread, reg, kinds } = g(fc.constantFrom, ...threads);
    return { kind: 'atom', atom: { kind: 'reg', thread, reg, value: g(valueOf, g(fc.constantFrom, ...kinds)) } };
  }
  if (choice <= 2) {
    const { access, kind } = generateAccess(g, test.locations);
    return { kind: 'atom', atom: { kind: 'mem', access, value: g(valueOf, kind) } };
  }
  if (choice === 3) return { kind: 'not', operand: generateProposition(g, test, written, depth - 1) };
  return { kind: choice === 4 ? 'and' : 'or', left: generateProposition(g, test, written, depth - 1), right: generateProposition(g, test, written, depth - 1) };
}

function generateTest(g: fc.GeneratorValue): LitmusTest {
  const { locations, byteLength } = generateLocations(g);
  const written = Array.from({ length: g(fc.integer, { min: 1, max: 4 }) }, () => new Map<string, Set<IntKind>>());
  const threads = written.map((regs, id) => ({
    id,
    instructions: Array.from({ length: g(fc.integer, { min: 0, max: 4 }) }, () => generateInstruction(g, locations, regs)),
  }));
  const description = g(() => DESCRIPTION);
  const base = { name: g(() => NAME), ...(description !== undefined && { description }), locations, byteLength, threads };
  const quantifier = g(fc.constantFrom, 'exists' as const, 'not exists' as const, 'forall' as const);
  return { ...base, condition: { quantifier, proposition: generateProposition(g, base, written, 3) } };
}

describe('printLitmus', () => {
  it('prints generated tests so that parseLitmus reads them back equal', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const test = generateTest(g);
        expect(strip(parseLitmus(printLitmus(test)))).toEqual(strip(test));
      }),
      // fc.gen() costs tens of microseconds a draw, so runs are fewer than for the mutations; and
      // shrinking re-runs the whole generator for minutes, while a first counterexample reads well enough.
      { numRuns: 400, endOnFailure: true },
    );
  });
});
