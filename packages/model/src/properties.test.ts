import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventStructureOptions, allCandidates, buildEventStructure, covers, isWrite, outcomeOf } from './events.js';
import { type CandidateExecution, checkJs, jsRelations, memoryOrderSatisfies } from './js.js';
import { raceFree, searchJs } from './js-search.js';
import { KIND_BYTES, type Expr, type Instruction, type IntKind, type LitmusTest, type Location, type Proposition } from './litmus/ast.js';
import { outcomeKey } from './outcome.js';
import { scOutcomes } from './sc.js';
import { tsoOutcomes } from './tso.js';

/** One generated instruction, before registers are named. */
interface Step {
  readonly op: 'load' | 'store' | 'rmw' | 'cas';
  readonly atomic: boolean;
  /** `x`, `y`, or a half of x through the view `xh` (mixed sizes). */
  readonly target: 'x' | 'y' | 'xh0' | 'xh1';
  readonly value: number;
  readonly fn: 'add' | 'sub' | 'exchange' | 'xor';
  /** Store the last register read (plus the value) instead of a constant, if there is one. */
  readonly fromRegister: boolean;
}

interface Shape {
  readonly kind: IntKind;
  readonly mixed: boolean;
  readonly threads: readonly (readonly Step[])[];
  /** An atom for the condition: thread, register number, value. */
  readonly atom: readonly [number, number, number];
}

const at = { line: 1, column: 1 };

/** Builds a litmus test from a shape: x and y of one kind, and for mixed shapes a view `xh` of x's halves. */
function build(shape: Shape): LitmusTest {
  const size = KIND_BYTES[shape.kind];
  const half: IntKind = size === 4 ? 'i16' : 'u8';
  const locations: Location[] = [
    { name: 'x', kind: shape.kind, length: 1, byteOffset: 0, initial: [0n], position: at },
    { name: 'y', kind: shape.kind, length: 1, byteOffset: size, initial: [0n], position: at },
    ...(shape.mixed ? [{ name: 'xh', kind: half, length: 2, byteOffset: 0, initial: [0n, 0n], view: { of: 'x' }, position: at }] : []),
  ];
  const threads = shape.threads.map((steps, id) => {
    let registers = 0;
    const instructions = steps.map((step): Instruction => {
      const target = step.target === 'xh0' ? { location: 'xh', index: 0 } : step.target === 'xh1' ? { location: 'xh', index: 1 } : { location: step.target, index: 0 };
      const constant: Expr = { kind: 'const', value: BigInt(step.value) };
      const value: Expr =
        step.fromRegister && registers > 0 ? { kind: 'binary', op: '+', left: { kind: 'reg', reg: `r${registers - 1}` }, right: constant } : constant;
      const position = at;
      switch (step.op) {
        case 'load':
          return { op: 'load', order: step.atomic ? 'seqcst' : 'plain', reg: `r${registers++}`, source: target, position };
        case 'store':
          return { op: 'store', order: step.atomic ? 'seqcst' : 'plain', target, value, position };
        case 'rmw':
          return { op: 'rmw', fn: step.fn, reg: `r${registers++}`, target, value, position };
        case 'cas':
          return { op: 'cas', reg: `r${registers++}`, target, expected: { kind: 'const', value: 0n }, replacement: value, position };
      }
    });
    return { id, instructions };
  });
  const [t, r, v] = shape.atom;
  const hasRegister = threads[t]?.instructions.some((i) => i.op !== 'store' && i.reg === `r${r}`);
  const proposition: Proposition = hasRegister ? { kind: 'atom', atom: { kind: 'reg', thread: t, reg: `r${r}`, value: BigInt(v) } } : { kind: 'true' };
  return { name: 'generated', locations, byteLength: 8 * Math.ceil((2 * size) / 8), threads, condition: { quantifier: 'exists', proposition } };
}

const step = (mixed: boolean, atomicOnly: boolean) =>
  fc.record<Step>({
    op: fc.constantFrom('load', 'store', 'load', 'store', 'rmw', 'cas'),
    atomic: atomicOnly ? fc.constant(true) : fc.boolean(),
    target: mixed ? fc.constantFrom('x', 'y', 'xh0', 'xh1') : fc.constantFrom('x', 'y'),
    value: fc.integer({ min: 1, max: 3 }),
    fn: fc.constantFrom('add', 'sub', 'exchange', 'xor'),
    fromRegister: fc.boolean(),
  });

const shapes = (o: { kinds: IntKind[]; mixed: boolean; atomicOnly?: boolean; threads: [number, number]; accesses: number }) =>
  fc
    .record<Shape>({
      kind: fc.constantFrom(...o.kinds),
      mixed: fc.constant(o.mixed),
      threads: fc.array(fc.array(step(o.mixed, o.atomicOnly ?? false), { minLength: 1, maxLength: 3 }), { minLength: o.threads[0], maxLength: o.threads[1] }),
      atom: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })),
    })
    .filter((s) => s.threads.flat().length <= o.accesses);

/** Candidate executions the brute force would visit: writers per byte of every read, multiplied. */
function candidateCount(test: LitmusTest): number {
  const structure = buildEventStructure(test);
  let count = 1;
  for (const r of structure.reads) {
    const e = structure.events[r]!;
    for (let i = 0; i < e.size; i++) count *= structure.events.filter((w) => w.id !== r && isWrite(w) && covers(w, e.byteOffset + i)).length;
  }
  return count;
}

/** The outcomes of every valid candidate, by the spec's definition read literally (every reads-bytes-from, every axiom). */
function bruteForce(test: LitmusTest, options?: EventStructureOptions): Set<string> {
  const structure = buildEventStructure(test, options);
  const keys = new Set<string>();
  for (const candidate of allCandidates(structure)) {
    if (!checkJs({ structure, readsBytesFrom: candidate.readsBytesFrom }).valid) continue;
    keys.add(outcomeKey(outcomeOf(structure, (r) => candidate.readBytes.get(r))));
  }
  return keys;
}

const keys = (map: ReadonlyMap<string, unknown>) => new Set(map.keys());
const subset = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k));

describe('the fast search is the model', () => {
  it('finds exactly the outcomes of the literal definition (every reads-bytes-from, checked by every axiom), mixed sizes included', () => {
    fc.assert(
      fc.property(shapes({ kinds: ['u8', 'i16'], mixed: true, threads: [2, 3], accesses: 6 }), (shape) => {
        const test = build(shape);
        fc.pre(candidateCount(test) <= 20_000);
        // With and without taking a race-free test's outcomes from SC (raceFree).
        for (const options of [{}, { raceFreeAsSc: false }, { initialWrites: 'element' } as const]) {
          expect([...keys(searchJs(test, options).allowed)].sort()).toEqual([...bruteForce(test, options)].sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives witnesses the full model accepts, with a memory order that satisfies §29.7.4 relation by relation', () => {
    fc.assert(
      fc.property(shapes({ kinds: ['i16', 'i32'], mixed: true, threads: [2, 3], accesses: 5 }), (shape) => {
        const js = searchJs(build(shape));
        for (const witness of js.allowed.values()) {
          const checked = checkJs(witness.execution);
          expect(checked.valid).toBe(true);
          if (checked.valid) expect(memoryOrderSatisfies(witness.execution, checked.mo)).toBe(true);
        }
        // Rejected candidates really break an axiom (the getter checks it again).
        for (const rejected of js.rejected.values()) expect(rejected.violations.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});

/** Every order of the SeqCst events, each extended by happens-before to all events: whether one satisfies §29.7.4. */
function someMemoryOrder(x: CandidateExecution): boolean {
  const { hb } = jsRelations(x);
  const sc = x.structure.events.filter((e) => e.order === 'seqcst').map((e) => e.id);
  const permutations = (items: number[]): number[][] =>
    items.length <= 1 ? [items] : items.flatMap((first, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]));
  return permutations(sc).some((order) => {
    const chain = hb.mutable();
    order.slice(1).forEach((b, i) => chain.add(order[i]!, b));
    const mo = chain.linearize();
    return mo !== undefined && memoryOrderSatisfies(x, mo);
  });
}

describe('the memory-order search', () => {
  it('finds a memory order whenever some order of the SeqCst events gives one', () => {
    let decided = 0;
    fc.assert(
      fc.property(shapes({ kinds: ['u8'], mixed: false, threads: [2, 3], accesses: 5 }), (shape) => {
        const test = build(shape);
        fc.pre(candidateCount(test) <= 5_000 && test.threads.flatMap((t) => t.instructions).filter((i) => i.op !== 'load' || i.order === 'seqcst').length <= 6);
        const structure = buildEventStructure(test);
        for (const candidate of allCandidates(structure)) {
          const x = { structure, readsBytesFrom: candidate.readsBytesFrom };
          const checked = checkJs(x);
          const onlyMo = !checked.valid && checked.violations.every((v) => v.axiom === 'sequentially-consistent-atomics');
          if (onlyMo) decided++;
          if (checked.valid || onlyMo) expect(someMemoryOrder(x)).toBe(checked.valid);
        }
      }),
      { numRuns: 100 },
    );
    // Not vacuous: some candidates fail on the memory order alone.
    expect(decided).toBeGreaterThan(20);
  });
});

describe('how the models relate', () => {
  // SC ⊆ TSO: the TSO machine can flush every store at once. TSO ⊆ JS: the x86 compilation
  // (plain = mov, Atomics.store = xchg, RMW = lock) is sound for the non-mixed-size model
  // (Watt et al. PLDI 2020, §7, via IMM), so every x86 outcome must be a JS outcome.
  it('SC ⊆ TSO ⊆ JS when every location is accessed at one size', () => {
    fc.assert(
      fc.property(shapes({ kinds: ['i32'], mixed: false, threads: [2, 3], accesses: 6 }), (shape) => {
        const test = build(shape);
        const sc = keys(scOutcomes(test));
        const tso = keys(tsoOutcomes(test));
        const js = keys(searchJs(test).allowed);
        expect(subset(sc, tso)).toEqual([]);
        expect(subset(tso, js)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  // Atomics of one size never race as data (§29.9): such programs are data-race free, and
  // §29.10 promises sequential consistency for them (PLDI 2020 proves it for the fixed model).
  it('a test using only Atomics of one size has exactly the SC outcomes under JS', () => {
    fc.assert(
      fc.property(shapes({ kinds: ['i32'], mixed: false, atomicOnly: true, threads: [2, 3], accesses: 6 }), (shape) => {
        const test = build(shape);
        // The full search: by default such a test takes its outcomes from SC because of this very theorem.
        expect([...keys(searchJs(test, { raceFreeAsSc: false }).allowed)].sort()).toEqual([...keys(scOutcomes(test))].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('a race-free test takes the SC outcomes, each with an SC interleaving as a witness the full model accepts', () => {
    fc.assert(
      fc.property(shapes({ kinds: ['i16', 'i32'], mixed: false, atomicOnly: true, threads: [2, 3], accesses: 6 }), (shape) => {
        const test = build(shape);
        expect(raceFree(buildEventStructure(test))).toBe(true);
        const js = searchJs(test);
        expect([...keys(js.allowed)].sort()).toEqual([...keys(searchJs(test, { raceFreeAsSc: false }).allowed)].sort());
        for (const [key, witness] of js.allowed) {
          const checked = checkJs(witness.execution);
          expect(checked.valid).toBe(true);
          if (checked.valid) expect(memoryOrderSatisfies(witness.execution, checked.mo)).toBe(true);
          expect(outcomeKey(outcomeOf(witness.execution.structure, (r) => witness.readBytes.get(r)))).toBe(key);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('one init write per element allows no more than one per byte', () => {
    fc.assert(
      fc.property(shapes({ kinds: ['i16', 'i32'], mixed: true, threads: [2, 3], accesses: 5 }), (shape) => {
        const test = build(shape);
        expect(subset(keys(searchJs(test, { initialWrites: 'element' }).allowed), keys(searchJs(test).allowed))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
