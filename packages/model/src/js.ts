/**
 * The ECMAScript memory model (ECMA-262, "Memory Model" chapter, as fixed
 * by tc39/ecma262#1511 after Watt et al., "Repairing and Mechanising the
 * JavaScript Relaxed Memory Model", PLDI 2020), over one candidate
 * execution. In herd's notation, with `rf` from writes to reads:
 *
 * ```
 * let rf  = reads-from                                   §29.6.3 (W -> R: W is in reads-bytes-from(R))
 * let sw  = [W & SC] ; (rf & equal-range) ; [R & SC]     §29.6.5
 * let hb  = (po | sw | init | host)+                     §29.6.6 (init: see events.ts; host: the final reads)
 *
 * irreflexive hb                                          as happens-before        §29.7 "strict partial order"
 * irreflexive rf ; hb                                     as coherent-reads        §29.7.2, first test
 * irreflexive hb ; [W_b] ; hb ; rf_b^-1   (every byte b)  as coherent-reads        §29.7.2, second test
 * functional [NoTear] ; (rf^-1 & equal-range) ; [NoTear]  as tear-free-reads       §29.7.3
 * exists mo, a strict total order of all events, hb ⊆ mo, with
 *   irreflexive [W & SC] ; mo ; sw^-1 ; (mo & equal-range)                       §29.7.4, first clause
 *   irreflexive [W & SC] ; hb ; (hb & rf)^-1 ; [W & SC] ; (mo & equal-range)     §29.7.4, second clause
 *   irreflexive [W & SC] ; (mo & equal-range) ; [R & SC] ; (hb & rf)^-1 ; hb     §29.7.4, third clause
 *                                                         as sequentially-consistent-atomics
 * ```
 *
 * (The three mo axioms are those of the paper's Coq model, JSMM_m.v, which
 * the spec text transcribes.) "Valid chosen reads" (§29.7.1) holds by
 * construction: values are computed from reads-bytes-from. Atomicity of a
 * read-modify-write is not a separate axiom in the spec: it follows from the
 * clauses above for equal-range SeqCst writes (two RMWs cannot both read the
 * initial value or the same SeqCst write), and does not hold against a
 * racing plain write.
 */
import { type EventStructure, type MemoryEvent, covers, equalRange, isRead, isWrite } from './events.js';
import { Relation } from './relation.js';

/** A candidate execution: the events and, per read, the write each byte is read from. */
export interface CandidateExecution {
  readonly structure: EventStructure;
  /** reads-bytes-from: per read event, the writer event of each byte of its range, in order. */
  readonly readsBytesFrom: ReadonlyMap<number, readonly number[]>;
}

/** The axioms of a valid execution, in the order the spec lists them (§29.7.5). */
export type JsAxiom = 'happens-before' | 'coherent-reads' | 'tear-free-reads' | 'sequentially-consistent-atomics';

/** Why a candidate execution is not valid, with the events involved. */
export type JsViolation =
  | { readonly axiom: 'happens-before'; readonly cycle: readonly number[] }
  | { readonly axiom: 'coherent-reads'; readonly clause: 'reads-from-later'; readonly read: number; readonly write: number }
  | {
      readonly axiom: 'coherent-reads';
      readonly clause: 'overwritten';
      readonly read: number;
      readonly write: number;
      readonly byte: number;
      readonly overwrite: number;
    }
  | { readonly axiom: 'tear-free-reads'; readonly read: number; readonly writes: readonly [number, number] }
  | { readonly axiom: 'sequentially-consistent-atomics'; readonly failure: MemoryOrderFailure };

/** The relations derived from a candidate execution. */
export interface JsRelations {
  readonly rf: Relation;
  readonly sw: Relation;
  /** The generators of happens-before, for drawing and for explaining paths: po | sw | init | host. */
  readonly hbBase: Relation;
  readonly hb: Relation;
}

/** `rf`: W → R when W gives R at least one byte. */
export function readsFrom(x: CandidateExecution): Relation {
  const rf = Relation.empty(x.structure.events.length);
  for (const [read, writers] of x.readsBytesFrom) for (const w of writers) rf.add(w, read);
  return rf;
}

/** `sw = [W & SC] ; (rf & equal-range) ; [R & SC]` (§29.6.5). */
export function synchronizesWith(structure: EventStructure, rf: Relation): Relation {
  const ev = structure.events;
  return rf.filter((w, r) => ev[w]!.order === 'seqcst' && ev[r]!.order === 'seqcst' && equalRange(ev[w]!, ev[r]!));
}

/** `hb = (po | sw | init | host)+` and its generators. */
export function jsRelations(x: CandidateExecution): JsRelations {
  const rf = readsFrom(x);
  const sw = synchronizesWith(x.structure, rf);
  const hbBase = x.structure.po.union(sw, x.structure.initBefore, x.structure.finalAfter);
  return { rf, sw, hbBase, hb: hbBase.closure() };
}

/**
 * Checks every axiom of §29.7 on a candidate execution. Returns the memory
 * order that witnesses "sequentially consistent atomics" when valid, and
 * every violation (in axiom order) when not.
 */
export function checkJs(x: CandidateExecution): { valid: true; relations: JsRelations; mo: readonly number[] } | { valid: false; relations: JsRelations; violations: JsViolation[] } {
  const relations = jsRelations(x);
  const { rf, hb } = relations;
  const ev = x.structure.events;
  const violations: JsViolation[] = [];

  // happens-before is a strict partial order: irreflexive hb
  if (!hb.isIrreflexive()) violations.push({ axiom: 'happens-before', cycle: relations.hbBase.findCycle()! });

  // coherent reads, first test: irreflexive rf ; hb
  for (const [w, r] of rf.pairs()) if (hb.has(r, w)) violations.push({ axiom: 'coherent-reads', clause: 'reads-from-later', read: r, write: w });

  // coherent reads, second test: irreflexive hb ; [W_b] ; hb ; rf_b^-1, for every byte b
  // (computed per read and byte; reported once per read, source and overwriting
  // write, the init writes of one read counting as one source)
  const reported = new Set<string>();
  for (const [r, writers] of x.readsBytesFrom) {
    writers.forEach((w, i) => {
      const byte = ev[r]!.byteOffset + i;
      const overwrite = x.structure.writes.find((v) => v !== w && covers(ev[v]!, byte) && hb.has(w, v) && hb.has(v, r));
      const key = `${r}:${ev[w]!.kind === 'init' ? 'init' : w}:${overwrite}`;
      if (overwrite === undefined || reported.has(key)) return;
      reported.add(key);
      violations.push({ axiom: 'coherent-reads', clause: 'overwritten', read: r, write: w, byte, overwrite });
    });
  }

  // tear free reads: functional [NoTear] ; (rf^-1 & equal-range) ; [NoTear]
  const tearFree = rf
    .inverse()
    .filter((r, w) => ev[r]!.noTear && ev[w]!.noTear && equalRange(ev[r]!, ev[w]!));
  for (const r of x.structure.reads) {
    const from = tearFree.successors(r);
    if (from.length > 1) violations.push({ axiom: 'tear-free-reads', read: r, writes: [from[0]!, from[1]!] });
  }

  // sequentially consistent atomics: some mo satisfies §29.7.4 (only meaningful over an acyclic hb)
  if (hb.isIrreflexive()) {
    const found = findMemoryOrder(x.structure, hb, memoryOrderConstraints(x.structure, hb, rf.pairs()));
    if ('failure' in found) violations.push({ axiom: 'sequentially-consistent-atomics', failure: found.failure });
    else if (violations.length === 0) return { valid: true, relations, mo: found.order };
  }
  return { valid: false, relations, violations };
}

/**
 * §29.7.4 with a given memory order, relation by relation: the three
 * irreflexivity axioms. For checking a witness order found by
 * {@link findMemoryOrder}.
 */
export function memoryOrderSatisfies(x: CandidateExecution, mo: readonly number[]): boolean {
  const { rf, sw, hb } = jsRelations(x);
  const ev = x.structure.events;
  const n = ev.length;
  const position = new Array<number>(n);
  mo.forEach((e, i) => (position[e] = i));
  const order = Relation.where(n, (a, b) => position[a]! < position[b]!);
  if (!hb.minus(order).isEmpty()) return false;
  const scWrite = (e: number) => isWrite(ev[e]!) && ev[e]!.order === 'seqcst';
  const scRead = (e: number) => isRead(ev[e]!) && ev[e]!.order === 'seqcst';
  const sameRange = Relation.where(n, (a, b) => equalRange(ev[a]!, ev[b]!));
  const moSame = order.intersect(sameRange);
  const hbRf = hb.intersect(rf);
  const first = Relation.identity(n, scWrite).seq(order).seq(sw.inverse()).seq(moSame);
  const second = Relation.identity(n, scWrite).seq(hb).seq(hbRf.inverse()).seq(Relation.identity(n, scWrite)).seq(moSame);
  const third = Relation.identity(n, scWrite).seq(moSame).seq(Relation.identity(n, scRead)).seq(hbRf.inverse()).seq(hb);
  return first.isIrreflexive() && second.isIrreflexive() && third.isIrreflexive();
}

/**
 * One instance of §29.7.4: write `between` may not lie strictly between
 * `write` and `read` in memory order, where `read` reads from `write`.
 */
export interface BetweenConstraint {
  readonly write: number;
  readonly read: number;
  readonly between: number;
  /** Which clause of §29.7.4: 1 (write synchronizes-with read), 2 (write is SeqCst and both writes happen before the read), 3 (read is SeqCst and the write happens before both). */
  readonly clause: 1 | 2 | 3;
}

/**
 * The instances of §29.7.4 for some reads-from pairs: for each `(W, R)` and
 * SeqCst write `V`, `V` may not lie between `W` and `R` when
 * (1) W synchronizes-with R and V, R have equal ranges;
 * (2) W and V happen before R, W is SeqCst and W, V have equal ranges;
 * (3) W happens before R and V, R is SeqCst and V, R have equal ranges.
 */
export function memoryOrderConstraints(structure: EventStructure, hb: Relation, rfPairs: Iterable<readonly [number, number]>): BetweenConstraint[] {
  return constraintsOf(structure, hb, rfPairs, false);
}

/**
 * The instances of {@link memoryOrderConstraints} that `hb` does not already
 * satisfy (V hb W or R hb V): every memory order contains hb, so those hold
 * in each one, and a search that only grows hb may drop them for good (in a
 * chain of RMWs almost all instances are of this kind).
 */
export function unsatisfiedConstraints(structure: EventStructure, hb: Relation, rfPairs: Iterable<readonly [number, number]>): BetweenConstraint[] {
  return constraintsOf(structure, hb, rfPairs, true);
}

function constraintsOf(structure: EventStructure, hb: Relation, rfPairs: Iterable<readonly [number, number]>, unsatisfiedOnly: boolean): BetweenConstraint[] {
  const ev = structure.events;
  const out: BetweenConstraint[] = [];
  const seqcstWrites = seqcstWritesOf(structure);
  for (const [w, r] of rfPairs) {
    const W = ev[w]!;
    const R = ev[r]!;
    const sw = W.order === 'seqcst' && R.order === 'seqcst' && equalRange(W, R);
    for (const V of seqcstWrites) {
      if (V.id === w || V.id === r) continue;
      if (unsatisfiedOnly && (hb.has(V.id, w) || hb.has(r, V.id))) continue;
      const clause =
        sw && equalRange(V, R) ? 1 : hb.has(w, r) && hb.has(V.id, r) && W.order === 'seqcst' && equalRange(W, V) ? 2 : hb.has(w, r) && hb.has(w, V.id) && R.order === 'seqcst' && equalRange(V, R) ? 3 : 0;
      if (clause !== 0) out.push({ write: w, read: r, between: V.id, clause });
    }
  }
  return out;
}

const seqcstWritesCache = new WeakMap<EventStructure, MemoryEvent[]>();

function seqcstWritesOf(structure: EventStructure): MemoryEvent[] {
  let writes = seqcstWritesCache.get(structure);
  if (!writes) seqcstWritesCache.set(structure, (writes = structure.events.filter((V) => isWrite(V) && V.order === 'seqcst')));
  return writes;
}

/** An edge memory order must have, and why: happens-before, or a constraint resolved one way. */
export interface OrderEdge {
  readonly from: number;
  readonly to: number;
  /** Undefined for a happens-before edge. */
  readonly because?: BetweenConstraint;
}

/** Why no memory order exists: a cycle of required edges, for each way of resolving the first undecided constraint. */
export interface MemoryOrderFailure {
  /** Cycles: one when the forced edges alone are cyclic; else one per way of placing `undecided.between`. */
  readonly cycles: readonly (readonly OrderEdge[])[];
  readonly undecided?: BetweenConstraint;
}

/**
 * Searches for a memory order: a strict total order of all events that
 * contains happens-before and puts no constrained write between a read and
 * the write it reads from. Each constraint "not W < V < R" is decided by
 * happens-before when W hb V (then R < V) or V hb R (then V < W), and
 * otherwise branched on; each branch adds one edge to a closed relation
 * and is cut as soon as it closes a cycle.
 */
export function findMemoryOrder(
  structure: EventStructure,
  hb: Relation,
  constraints: readonly BetweenConstraint[],
): { order: number[]; edges: OrderEdge[] } | { failure: MemoryOrderFailure } {
  const found = resolveMemoryOrder(hb, constraints);
  if ('edges' in found) {
    const order = Relation.of(structure.events.length, found.edges.map((e) => [e.from, e.to] as const)).union(hb).linearize()!;
    return { order, edges: found.edges };
  }
  const { forced, open } = found;
  const closed = found.closed.mutable();
  if (!closed.isIrreflexive()) return { failure: { cycles: [cycleOf(hb, forced)] } };
  const undecided = open.find((c) => resolutions(c).every((edge) => closed.has(edge.to, edge.from) || !closed.mutable().addClosed(edge.from, edge.to).isIrreflexive())) ?? open[0]!;
  return { failure: { undecided, cycles: resolutions(undecided).map((edge) => cycleOf(hb, [...forced, edge])) } };
}

/** Whether some memory order satisfies the constraints: {@link findMemoryOrder} without building the order or the explanation. */
export function memoryOrderExists(hb: Relation, constraints: readonly BetweenConstraint[]): boolean {
  return 'edges' in resolveMemoryOrder(hb, constraints);
}

/**
 * A memory-order search grown one read at a time over a fixed
 * happens-before: `closed` is happens-before with the edges the constraints
 * so far force, closed and acyclic, and `open` the constraints it leaves to
 * choose. Some memory order satisfies the constraints so far.
 */
export interface PartialMemoryOrder {
  readonly closed: Relation;
  readonly open: readonly BetweenConstraint[];
}

/**
 * {@link memoryOrderExists} for a partial order's constraints and more
 * together, without redoing the edges the earlier ones force: the extended
 * partial order, or undefined when no memory order exists. The added
 * constraints come split by the same happens-before ({@link splitConstraints}).
 * `into` (a mutable relation of the same size) receives the new closed
 * relation when they force edges; `partial` is not changed.
 */
export function extendMemoryOrder(partial: PartialMemoryOrder, added: SplitConstraints, into: Relation): PartialMemoryOrder | undefined {
  const { forced, open } = added;
  if (forced.length === 0 && open.length === 0) return partial;
  let closed = partial.closed;
  if (forced.length > 0) {
    closed = into.copyFrom(closed);
    if (!addForced(closed, forced)) return undefined;
  }
  const allOpen = open.length > 0 ? [...partial.open, ...open] : partial.open;
  return solveOpen(closed, allOpen, []) ? { closed, open: allOpen } : undefined;
}

/**
 * Relations the memory-order search works in, one per depth, reused from call
 * to call: a test's search asks hundreds of thousands of times, and copying
 * into them costs a tenth of allocating.
 */
const scratch: Relation[] = [];

function scratchCopy(depth: number, of: Relation): Relation {
  const r = scratch[depth];
  if (r && r.size === of.size) return r.copyFrom(of);
  return (scratch[depth] = of.mutable());
}

/** Constraints split by a happens-before: the edges it makes them force, and the constraints it leaves open. */
export interface SplitConstraints {
  readonly forced: readonly OrderEdge[];
  readonly open: readonly BetweenConstraint[];
}

/**
 * Each constraint "not W < V < R" that happens-before decides gives an edge:
 * W hb V forces R < V, V hb R forces V < W. The others are open.
 */
export function splitConstraints(hb: Relation, constraints: readonly BetweenConstraint[]): { forced: OrderEdge[]; open: BetweenConstraint[] } {
  const forced: OrderEdge[] = [];
  const open: BetweenConstraint[] = [];
  for (const c of constraints) {
    const early = hb.has(c.write, c.between);
    const late = hb.has(c.between, c.read);
    if (early) forced.push({ from: c.read, to: c.between, because: c });
    if (late) forced.push({ from: c.between, to: c.write, because: c });
    if (!early && !late) open.push(c);
  }
  return { forced, open };
}

/** Adds edges to a closed relation in place; false once one closes a cycle. */
function addForced(closed: Relation, forced: readonly OrderEdge[]): boolean {
  for (const e of forced) {
    closed.addClosed(e.from, e.to);
    if (closed.has(e.to, e.to) || closed.has(e.from, e.from)) return false;
  }
  return closed.isIrreflexive();
}

/**
 * Whether every open constraint can be resolved, one way or the other, on
 * top of a closed acyclic relation (not changed), each choice cut as soon as
 * it closes a cycle; the edges chosen go to `chosen`.
 */
function solveOpen(closed: Relation, open: readonly BetweenConstraint[], chosen: OrderEdge[]): boolean {
  // `order` is closed at depth 0, then the scratch relation of depth i; each branch fills depth i + 1.
  const solve = (order: Relation, i: number): boolean => {
    if (i === open.length) return true;
    const c = open[i]!;
    if (order.has(c.between, c.write) || order.has(c.read, c.between)) return solve(order, i + 1);
    for (const edge of resolutions(c)) {
      if (order.has(edge.to, edge.from)) continue;
      chosen.push(edge);
      if (solve(scratchCopy(i + 1, order).addClosed(edge.from, edge.to), i + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  return solve(closed, 0);
}

/**
 * The edges of a memory order, or what is needed to explain why there is
 * none (`closed` is scratch, valid until the next call: copy it to keep it).
 */
function resolveMemoryOrder(
  hb: Relation,
  constraints: readonly BetweenConstraint[],
): { edges: OrderEdge[] } | { forced: OrderEdge[]; open: BetweenConstraint[]; closed: Relation } {
  if (constraints.length === 0) return { edges: [] };
  const { forced, open } = splitConstraints(hb, constraints);
  const closed = scratchCopy(0, hb);
  if (!addForced(closed, forced)) return { forced, open, closed };
  const chosen: OrderEdge[] = [];
  return solveOpen(closed, open, chosen) ? { edges: [...forced, ...chosen] } : { forced, open, closed };
}

/** The two ways to keep `between` out of (write, read): before the write, or after the read. */
function resolutions(c: BetweenConstraint): OrderEdge[] {
  return [
    { from: c.between, to: c.write, because: c },
    { from: c.read, to: c.between, because: c },
  ];
}

/** A shortest cycle through hb and the given edges, as edges (hb edges unlabelled). */
function cycleOf(hb: Relation, edges: readonly OrderEdge[]): OrderEdge[] {
  const graph = hb.mutable();
  for (const e of edges) graph.add(e.from, e.to);
  const cycle = graph.findCycle();
  if (!cycle) return [];
  return cycle.slice(0, -1).map((from, i) => {
    const to = cycle[i + 1]!;
    return edges.find((e) => e.from === from && e.to === to) ?? { from, to };
  });
}

/** Events named by a violation, for highlighting in a picture. */
export function violationEvents(v: JsViolation): number[] {
  switch (v.axiom) {
    case 'happens-before':
      return [...new Set(v.cycle)];
    case 'coherent-reads':
      return v.clause === 'overwritten' ? [v.read, v.write, v.overwrite] : [v.read, v.write];
    case 'tear-free-reads':
      return [v.read, ...v.writes];
    case 'sequentially-consistent-atomics':
      return [...new Set(v.failure.cycles.flat().flatMap((e) => [e.from, e.to]))];
  }
}
