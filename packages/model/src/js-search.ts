/**
 * Enumerating the valid executions of the ECMAScript model fast. The model
 * is {@link ./js.ts}; this file only decides in which order to build
 * candidates so that most invalid ones are never built:
 *
 * 1. Phase A decides, for each SeqCst read that may read a SeqCst write of
 *    its own range, which such writes it reads from: they are the only
 *    source of synchronizes-with, so once they are decided happens-before is
 *    final. Phase B then chooses every read's reads-bytes-from option (a
 *    synchronizing read's among those with the writes phase A gave it),
 *    each checked against the final happens-before on its own.
 * 2. Every axiom is monotone in happens-before and in reads-from, so a
 *    partial choice that already breaks one is cut with all its extensions:
 *    happens-before acyclicity, coherent reads and the memory-order
 *    constraints (§29.7.4) as phase A grows happens-before (with, for each
 *    read chosen so far, some option of its group that still has a memory
 *    order), and the constraints again whenever a phase-B option adds some
 *    (phase B grows one memory-order search, read by read).
 * 3. Values are computed as soon as the writes a read takes bytes from have
 *    known values (constant stores at once; stores of registers and RMWs
 *    once the reads they depend on are decided), and phase B chooses next a
 *    read that a waiting read depends on. A read whose value is known
 *    branches on the distinct values it can see, not on byte assignments:
 *    two options that give the same value and demand the same of memory
 *    order lead to the same outcomes, and only the first is explored (its
 *    candidate stays the witness). More generally, a phase-B state (values
 *    decided, options of the reads still waiting, memory-order demands)
 *    met a second time is not walked again.
 *
 * When the model rules out every outcome the condition asks about, a second
 * search without the pruning (js-rejected.ts) finds those outcomes and one
 * rejected candidate for each, to explain them.
 */
import type { LitmusTest, Outcome } from './litmus/ast.js';
import { Assignment, type BytesByRead, type LeafOutcomes, leafOutcomes } from './assignment.js';
import {
  type EventStructure,
  type EventStructureOptions,
  type MemoryEvent,
  type ReadOption,
  INIT,
  buildEventStructure,
  equalRange,
  intersects,
  isRead,
  isWrite,
  valuesOf,
} from './events.js';
import {
  type BetweenConstraint,
  type CandidateExecution,
  type JsViolation,
  type PartialMemoryOrder,
  type SplitConstraints,
  extendMemoryOrder,
  memoryOrderExists,
  splitConstraints,
  unsatisfiedConstraints,
} from './js.js';
import { EXPLANATION_BUDGET, searchRejected } from './js-rejected.js';
import { satisfies } from './outcome.js';
import { type ReadSite, coherent, rfPairs, sitesOf, swSources, tearFree } from './read-sites.js';
import type { Relation } from './relation.js';
import { type InstructionStep, type OperationalWitness, scOutcomes } from './sc.js';
import type { Bytes } from './semantics.js';

export { explainOutcome } from './js-rejected.js';

/** An allowed outcome with a valid execution that reaches it. */
export interface JsWitness {
  readonly outcome: Outcome;
  readonly execution: CandidateExecution;
  /** The bytes each read reads, by read event. */
  readonly readBytes: ReadonlyMap<number, Bytes>;
}

/** A forbidden outcome with one rejected candidate execution that reaches it and why that candidate is invalid. */
export interface JsRejection {
  readonly outcome: Outcome;
  readonly execution: CandidateExecution;
  readonly readBytes: ReadonlyMap<number, Bytes>;
  /** The axioms the candidate breaks (computed on first use). */
  readonly violations: readonly JsViolation[];
}

/** What the ECMAScript model allows for a test. */
export interface JsSearchResult {
  readonly structure: EventStructure;
  /** Allowed outcomes by key. */
  readonly allowed: ReadonlyMap<string, JsWitness>;
  /** Forbidden outcomes that bear on the condition, by key. */
  readonly rejected: ReadonlyMap<string, JsRejection>;
  /**
   * Some valid candidate has values that depend on themselves (a cycle of
   * data dependencies through reads-from): the spec has no rule against
   * such "out-of-thin-air" values, so any self-consistent value would be
   * allowed there; like herd, they are not enumerated.
   */
  readonly thinAir: boolean;
  /** Valid candidate executions visited (after merging equivalent choices; of those with thin-air values, only the ones found before a branch is known to lead only to them). */
  readonly validCandidates: number;
  /** Whether the search for rejected candidates finished within its budget. */
  readonly explanationsComplete: boolean;
}

/** Limits on the search, and the model's one choice. */
export interface JsSearchOptions extends EventStructureOptions {
  /** Nodes each search for rejected candidates may visit before it stops (default {@link EXPLANATION_BUDGET}). */
  readonly explanationBudget?: number;
  /**
   * Whether a test no execution of which can race (see {@link raceFree})
   * takes its allowed outcomes from sequential consistency instead of the
   * search (default true). Off, the search runs in full: the property tests
   * check that both give the same outcomes.
   */
  readonly raceFreeAsSc?: boolean;
  /** The test's SC outcomes, if already computed ({@link scOutcomes}). */
  readonly sc?: ReadonlyMap<string, OperationalWitness<InstructionStep>>;
  /** Called every `progressEvery` valid candidates of a search, for a progress display: some tests take minutes. */
  readonly onProgress?: (progress: JsSearchProgress) => void;
  /** Valid candidates between two `onProgress` calls (default {@link PROGRESS_EVERY}). */
  readonly progressEvery?: number;
  /** Allowed outcomes past which the search stops with an {@link OutcomeLimitError} (default {@link MAX_OUTCOMES}). */
  readonly maxOutcomes?: number;
  /**
   * Whether, once some valid candidate is known to have thin-air values,
   * branches that can only reach such candidates are cut (default true).
   * Off, they are walked: the tests check that both give the same outcomes.
   */
  readonly pruneThinAir?: boolean;
}

/**
 * Allowed outcomes past which a search stops: a mixed-size test whose loads
 * may each take every byte from a different racing store allows millions,
 * which would take minutes and gigabytes to list and nobody can read. The
 * largest test met that finishes has 239,196.
 */
export const MAX_OUTCOMES = 500_000;

/** A test allows more outcomes than the search was told to list. */
export class OutcomeLimitError extends Error {
  override readonly name = 'OutcomeLimitError';
  constructor(
    readonly test: string,
    readonly limit: number,
    /** Valid candidate executions visited before the search stopped. */
    readonly candidates: number,
  ) {
    super(`${test}: the ECMAScript model allows more than ${limit.toLocaleString('en-US')} outcomes (found after ${candidates.toLocaleString('en-US')} valid candidate executions); the search stopped there`);
  }
}

/** How far a search has got. */
export interface JsSearchProgress {
  /** Valid candidate executions visited so far. */
  readonly candidates: number;
  /** Distinct allowed outcomes found so far. */
  readonly outcomes: number;
}

/** Phase-B states remembered per happens-before (each key is some hundred bytes). */
const VISITED_LIMIT = 1 << 20;

/** Valid candidates between two {@link JsSearchOptions.onProgress} calls (a few tenths of a second of search). */
export const PROGRESS_EVERY = 1 << 15;

/**
 * Runs the ECMAScript model on a test: every allowed outcome with a witness
 * execution, and the forbidden outcomes that bear on the condition with a
 * rejected candidate each.
 *
 * @example
 * ```ts
 * const js = searchJs(parseLitmus(sbAtomicsText));
 * js.allowed.has('0:r0=0; 1:r1=0; x=1; y=1'); // false
 * js.rejected.get('0:r0=0; 1:r1=0; x=1; y=1')?.violations[0]?.axiom; // 'sequentially-consistent-atomics'
 * ```
 */
export function searchJs(test: LitmusTest, options: JsSearchOptions = {}): JsSearchResult {
  const structure = buildEventStructure(test, options);
  const limit = options.maxOutcomes ?? MAX_OUTCOMES;
  const valid =
    (options.raceFreeAsSc ?? true) && raceFree(structure)
      ? validFromSc(structure, options.sc ?? scOutcomes(test), limit)
      : enumerateValid(structure, { onProgress: options.onProgress, progressEvery: options.progressEvery ?? PROGRESS_EVERY, limit, pruneThinAir: options.pruneThinAir ?? true });
  const { condition } = test;
  // Explain the condition's outcomes only when the model rules them all out:
  // then they answer "why can this not happen?". Otherwise some allowed
  // outcome already decides the condition.
  const wanted = condition.quantifier !== 'forall';
  const decided = [...valid.allowed.values()].some(({ outcome }) => satisfies(test, condition.proposition, outcome) === wanted);
  if (decided) return { structure, ...valid, rejected: new Map(), explanationsComplete: true };
  const explained = searchRejected(structure, valid.allowed, condition.proposition, wanted, options.explanationBudget ?? EXPLANATION_BUDGET);
  return { structure, ...valid, rejected: explained.rejected, explanationsComplete: explained.complete };
}

/** A read's option that coherence allows under the final happens-before, with the memory-order constraints it adds. */
interface PhaseBOption {
  readonly option: ReadOption;
  /** Those constraints split by the happens-before: the edges they force, and the ones left open. */
  readonly constraints: SplitConstraints;
  /** A short name for what those constraints demand ({@link effectKey}): equal names, equal demands. */
  readonly key: string;
}

/** The valid executions: outcomes by key with a witness each. */
function enumerateValid(
  structure: EventStructure,
  { onProgress, progressEvery, limit, pruneThinAir }: { onProgress: JsSearchOptions['onProgress']; progressEvery: number; limit: number; pruneThinAir: boolean },
): { allowed: Map<string, JsWitness>; thinAir: boolean; validCandidates: number } {
  const sites = sitesOf(structure);
  const hbStatic = structure.po.union(structure.initBefore, structure.finalAfter).closure();
  // Options that break coherence or tearing whatever else is chosen, including
  // through the synchronizes-with edges they add themselves.
  const viable = new Map(
    sites.map((site) => [
      site.read,
      site.options.filter((o) => {
        if (!tearFree(structure, site, o)) return false;
        const sw = swSources(structure, site, o);
        if (sw.length === 0) return coherent(hbStatic, site, o);
        const hb = hbStatic.mutable();
        for (const w of sw) hb.addClosed(w, site.read);
        return hb.isIrreflexive() && coherent(hb, site, o);
      }),
    ]),
  );
  // Phase A takes the reads that can synchronize (a SeqCst read with some option
  // reading a SeqCst write of its own range), but only decides which writes each
  // synchronizes with: that alone grows happens-before. Options with the same such
  // writes go on to phase B with every other read, SeqCst reads of other sizes
  // included, where happens-before is final and options that give the same value
  // and demand the same of memory order merge (a mixed-size RMW has dozens of
  // options that differ only in which racing write gave a byte).
  const synchronizing = (site: ReadSite) => site.seqcst && viable.get(site.read)!.some((o) => swSources(structure, site, o).length > 0);
  const seqcstSites = sites.filter(synchronizing);
  const bSites = dependenciesFirst(structure, [...seqcstSites, ...sites.filter((s) => !synchronizing(s))], viable);
  const groups = new Map(seqcstSites.map((site) => [site.read, swGroups(structure, site, viable.get(site.read)!)]));
  const chosen = new Map<number, SwGroup>();
  const state = new Assignment(structure, sites, true);
  const pending = new Set<number>();
  const allowed = new Map<string, JsWitness>();
  const leafOutcome = leafOutcomes(structure);
  const reads = sites.map((site) => site.read);
  const readIndex = new Map(reads.map((r, i) => [r, i]));
  let thinAir = false;
  let validCandidates = 0;

  const leaf = (): void => {
    validCandidates++;
    if (onProgress && validCandidates % progressEvery === 0) onProgress({ candidates: validCandidates, outcomes: allowed.size });
    state.resolve(pending, () => {
      if (pending.size > 0) {
        thinAir = true;
        return;
      }
      const key = leafOutcome.key(state.bytes);
      if (allowed.has(key)) return;
      if (allowed.size === limit) throw new OutcomeLimitError(structure.test.name, limit, validCandidates);
      // Arrays, not maps: a test can have a hundred thousand outcomes.
      allowed.set(key, new SnapshotWitness(structure, leafOutcome, readIndex, reads.map((r) => state.bytes.get(r)!), reads.map((r) => state.rbf.get(r)!)));
    });
  };

  // Pending reads (options chosen) whose values wait on each other in a cycle can
  // never be decided: every candidate below has thin-air values and no outcome.
  // Reads that wait on reads not chosen yet may still be decided.
  const stuck = (): boolean => {
    const free = new Set<number>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const read of pending) {
        if (free.has(read) || !state.undecidedDependencies(read).every((d) => !pending.has(d) || free.has(d))) continue;
        free.add(read);
        grew = true;
      }
    }
    return free.size < pending.size;
  };

  // Each phase-B read's options coherent under a final happens-before (a
  // synchronizing read's, among those of its chosen group), with the constraints they add.
  const bLists = new Map<string, PhaseBOption[][]>();
  const bListsOf = (hb: Relation): PhaseBOption[][] =>
    bSites.map((site) =>
      (chosen.get(site.read)?.options ?? viable.get(site.read)!)
        .filter((option) => coherent(hb, site, option))
        .map((option): PhaseBOption => {
          const added = unsatisfiedConstraints(structure, hb, rfPairs(structure, site, option));
          return { option, constraints: splitConstraints(hb, added), key: nameOf(`e${effectKey(hb, added)}`) };
        }),
    );

  // Short names for byte strings and memory-order demands, for the keys of
  // visited states: shorter keys hash faster, and the same byte arrays come
  // back at many nodes (from cached choices), so each keeps its name.
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) names.set(text, (name = names.size.toString(36)));
    return name;
  };
  const bytesNames = new WeakMap<Bytes, string>();
  const bytesName = (bytes: Bytes): string => {
    let name = bytesNames.get(bytes);
    if (name === undefined) bytesNames.set(bytes, (name = nameOf(`v${bytes.join(',')}`)));
    return name;
  };

  // A number for each option, for the keys of visited phase-B states.
  const optionIds = new Map<ReadOption, number>();
  for (const site of sites) for (const option of site.options) optionIds.set(option, optionIds.size);

  // The waiting reads whose values wait, directly or through other waiting reads, on `read`.
  const waitersOf = (read: number): Set<number> => {
    const waiters = new Set<number>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of pending) {
        if (waiters.has(p) || !state.undecidedDependencies(p).some((d) => d === read || waiters.has(d))) continue;
        waiters.add(p);
        grew = true;
      }
    }
    return waiters;
  };

  const siteIndex = new Map(bSites.map((site, j) => [site.read, j]));
  // The read to choose next: one that a read chosen already waits on for its
  // value, so that it is decided, or found to wait in a cycle, as early as can
  // be; otherwise the first not chosen.
  const nextSite = (): number => {
    for (const read of pending) for (const d of state.undecidedDependencies(read)) if (!state.option.has(d)) return siteIndex.get(d)!;
    return bSites.findIndex((site) => !state.option.has(site.read));
  };

  // Phase B: every read's option against a final happens-before; `depth` reads
  // are chosen, and `order` holds the memory-order constraints so far. `effects`
  // says what the constraints of each read's chosen option demand, by read;
  // `visited` holds the states already walked under this happens-before.
  const effects: string[] = bSites.map(() => '');
  // The relation each depth extends the memory order into (a depth's children overwrite only deeper ones).
  const orderBuffers: Relation[] = [];
  const phaseB = (depth: number, lists: readonly (readonly PhaseBOption[])[], hb: Relation, order: PartialMemoryOrder, visited: Set<string>): void => {
    // Once thin air is known to be reachable, a branch that can only reach it is
    // not walked (a small mixed-size test had a million such candidates).
    if (pruneThinAir && thinAir && stuck()) return;
    if (depth === bSites.length) return leaf();
    if (depth > 0) {
      // What is below depends only on the values decided so far, the options of
      // the reads still waiting for theirs and what memory order must satisfy:
      // a state met again by other options (reads of the same values from other
      // writes) leads to the outcomes already found. Reads whose value waits on a
      // later read make most such repeats, since their options cannot merge when chosen.
      let key = '';
      for (let j = 0; j < bSites.length; j++) {
        const read = bSites[j]!.read;
        const bytes = state.bytes.get(read);
        const option = bytes ? undefined : state.option.get(read);
        key += bytes ? bytesName(bytes) : option ? `o${optionIds.get(option)}` : '-';
        key += `/${effects[j]};`;
      }
      if (visited.has(key)) return;
      // Bounded: past this many, some states are walked twice.
      if (visited.size >= VISITED_LIMIT) visited.clear();
      visited.add(key);
    }
    const i = nextSite();
    const site = bSites[i]!;
    const seen = new Set<string>();
    // Once thin air is known to be reachable: the waiting reads that wait, at some
    // remove, on this one. An option whose value waits on one of them closes a
    // cycle and could only reach thin air (most options of a mixed-size RMW do).
    const waiters = pruneThinAir && thinAir ? waitersOf(site.read) : undefined;
    for (const { option, constraints: added, key: addedKey } of lists[i]!) {
      if (waiters && waiters.size > 0 && state.waitsOn(option).some((d) => waiters.has(d))) continue;
      const extended = extendMemoryOrder(order, added, (orderBuffers[depth + 1] ??= hb.mutable()));
      if (!extended) continue;
      effects[i] = addedKey;
      state.option.set(site.read, option);
      pending.add(site.read);
      const choices = state.choices(site.read);
      if (choices) {
        // Decide this read's value here, so equivalent options merge.
        pending.delete(site.read);
        for (const choice of choices) {
          const key = `${bytesName(choice.bytes)}/${addedKey}`;
          if (seen.has(key)) continue;
          seen.add(key);
          state.bytes.set(site.read, choice.bytes);
          state.rbf.set(site.read, choice.rbf);
          state.resolve(pending, () => phaseB(depth + 1, lists, hb, extended, visited));
        }
        state.bytes.delete(site.read);
        state.rbf.delete(site.read);
      } else {
        state.resolve(pending, () => phaseB(depth + 1, lists, hb, extended, visited));
        pending.delete(site.read);
      }
      state.option.delete(site.read);
      effects[i] = '';
    }
  };

  // Phase A: which writes each synchronizing read synchronizes with, growing
  // happens-before. `pairs` are those reads-from pairs (each option of the
  // group has them) and `constraints` their §29.7.4 instances under `hb`.
  const phaseA = (i: number, hb: Relation, pairs: readonly (readonly [number, number])[], constraints: readonly BetweenConstraint[]): void => {
    if (i === seqcstSites.length) {
      // Happens-before is final: each read's coherent options and their
      // constraints, once per happens-before and choice of groups (the final
      // reads have hundreds of options in a mixed-size test).
      const listsKey = `${hb.key()}|${seqcstSites.map((s) => chosen.get(s.read)!.index).join(',')}`;
      let lists = bLists.get(listsKey);
      if (!lists) {
        // Bounded: a test with more happens-befores than this recomputes some.
        if (bLists.size >= 4096) bLists.clear();
        bLists.set(listsKey, (lists = bListsOf(hb)));
      }
      if (lists.some((list) => list.length === 0)) return;
      const order = extendMemoryOrder({ closed: hb, open: [] }, splitConstraints(hb, constraints), (orderBuffers[0] ??= hb.mutable()));
      return order && phaseB(0, lists, hb, order, new Set());
    }
    const site = seqcstSites[i]!;
    for (const group of groups.get(site.read)!) {
      const sw = group.sources;
      // Cheap cuts before copying happens-before: a source that happens after the
      // read closes a cycle, and a group none of whose options is coherent now has
      // none under any larger happens-before.
      if (sw.some((w) => hb.has(site.read, w)) || !group.options.some((o) => coherent(hb, site, o))) continue;
      const grown = sw.length > 0 ? hb.mutable() : hb;
      for (const w of sw) grown.addClosed(w, site.read);
      if (!grown.isIrreflexive()) continue;
      // §29.7.4 so far: its constraints only grow with reads and happens-before, so a
      // partial choice without a memory order has no valid extension (two RMWs reading
      // the same write are cut here, not at the end). A grown happens-before can add
      // instances to earlier pairs, so then they are all recomputed.
      const own = sw.map((w) => [w, site.read] as const);
      const allPairs = [...pairs, ...own];
      const all = sw.length > 0 ? unsatisfiedConstraints(structure, grown, allPairs) : constraints;
      if (!memoryOrderExists(grown, all)) continue;
      // Phase B will give each read chosen so far one of its group's options: one
      // coherent under happens-before whose constraints, on top of these, have a
      // memory order. If none is left now, none will be. An Atomics.add that reads
      // the initial value must come before every other add in memory order, and a
      // later choice that puts one of them before it in happens-before rules it
      // out; found only in phase B, that cost the whole walk of phase A below.
      const feasible = (s: ReadSite) => (option: ReadOption) => {
        if (!coherent(grown, s, option)) return false;
        const added = unsatisfiedConstraints(structure, grown, rfPairs(structure, s, option));
        return added.length === 0 || memoryOrderExists(grown, [...all, ...added]);
      };
      chosen.set(site.read, group);
      // Without new synchronization, happens-before and the constraints are as they were for the earlier reads.
      const recheck = sw.length > 0 ? seqcstSites.slice(0, i + 1) : [site];
      if (recheck.every((s) => chosen.get(s.read)!.options.some(feasible(s)))) phaseA(i + 1, grown, allPairs, all);
      chosen.delete(site.read);
    }
  };

  phaseA(0, hbStatic.mutable(), [], []);
  return { allowed, thinAir, validCandidates };
}


/**
 * Phase B's reads in an order where a read comes after the reads whose
 * values the writes it may read from depend on, where cycles allow: a read
 * whose value is known when chosen branches on its distinct values, so its
 * options that give the same one merge; a read waiting on a later read
 * branches on every option (a mixed-size RMW has hundreds). Reads in a
 * cycle keep their order.
 */
function dependenciesFirst(structure: EventStructure, sites: readonly ReadSite[], viable: ReadonlyMap<number, readonly ReadOption[]>): ReadSite[] {
  const waitsOn = new Map(
    sites.map((site) => {
      const writes = new Set(viable.get(site.read)!.flatMap((o) => o.sources.flat()).filter((w) => w !== INIT));
      const reads = new Set([...writes].flatMap((w) => structure.dependencies.get(w)!));
      reads.delete(site.read);
      return [site.read, reads] as const;
    }),
  );
  const placed = new Set<number>();
  const order: ReadSite[] = [];
  while (order.length < sites.length) {
    // The first read all of whose dependencies are placed; in a cycle, the one waiting on fewest.
    const left = sites.filter((s) => !placed.has(s.read));
    const unplaced = (s: ReadSite) => [...waitsOn.get(s.read)!].filter((d) => !placed.has(d)).length;
    const next = left.find((s) => unplaced(s) === 0) ?? left.reduce((a, b) => (unplaced(b) < unplaced(a) ? b : a));
    placed.add(next.read);
    order.push(next);
  }
  return order;
}

/** A synchronizing read's options that synchronize with the same writes. */
interface SwGroup {
  /** Position among the read's groups (part of a cache key). */
  readonly index: number;
  readonly sources: readonly number[];
  readonly options: readonly ReadOption[];
}

/** A read's options grouped by the writes they synchronize with. */
function swGroups(structure: EventStructure, site: ReadSite, options: readonly ReadOption[]): SwGroup[] {
  const bySources = new Map<string, { sources: number[]; options: ReadOption[] }>();
  for (const option of options) {
    const sources = swSources(structure, site, option);
    const key = [...sources].sort((a, b) => a - b).join(',');
    let group = bySources.get(key);
    if (!group) bySources.set(key, (group = { sources, options: [] }));
    group.options.push(option);
  }
  return [...bySources.values()].map((g, index) => ({ index, ...g }));
}

/**
 * Whether no execution of the test can have a data race (§29.9): every
 * access is SeqCst, and every access overlapping a write has the write's
 * range (reads of different sizes may overlap: reads do not race). §29.10
 * promises such programs sequential consistency, and Watt et al. (PLDI
 * 2020) prove it in Coq for the model as fixed (SC-DRF): their valid
 * executions give exactly the SC outcomes. Ten Atomics.add on one location
 * have 25,200 of them, which the search finds one valid candidate at a time.
 */
export function raceFree(structure: EventStructure): boolean {
  const accesses = structure.events.filter((e) => e.agent !== 'init' && e.agent !== 'final');
  if (accesses.some((e) => e.order !== 'seqcst')) return false;
  return accesses.every((w) => !isWrite(w) || accesses.every((a) => a === w || !intersects(a, w) || equalRange(a, w)));
}

/**
 * The valid executions of a race-free test, one per SC outcome: each SC
 * interleaving read as a candidate execution (every read takes each byte
 * from the last write to it before it). Such a candidate is valid under
 * every axiom with the interleaving as memory order, since happens-before
 * lies inside it.
 */
function validFromSc(structure: EventStructure, sc: ReadonlyMap<string, OperationalWitness<InstructionStep>>, limit: number): { allowed: Map<string, JsWitness>; thinAir: boolean; validCandidates: number } {
  if (sc.size > limit) throw new OutcomeLimitError(structure.test.name, limit, sc.size);
  const allowed = new Map<string, JsWitness>();
  for (const [key, witness] of sc) allowed.set(key, new ScWitness(structure, witness));
  return { allowed, thinAir: false, validCandidates: allowed.size };
}

/** An SC interleaving read as a candidate execution, replayed when first read: a report draws few of them. */
class ScWitness implements JsWitness {
  #execution?: CandidateExecution;
  #readBytes?: ReadonlyMap<number, Bytes>;

  constructor(
    private readonly structure: EventStructure,
    private readonly sc: OperationalWitness<InstructionStep>,
  ) {}

  get outcome(): Outcome {
    return this.sc.outcome;
  }

  get execution(): CandidateExecution {
    return (this.#execution ??= { structure: this.structure, readsBytesFrom: replay(this.structure, this.sc.trace) });
  }

  get readBytes(): ReadonlyMap<number, Bytes> {
    return (this.#readBytes ??= valuesOf(this.structure, this.execution.readsBytesFrom)!);
  }
}

/** The reads-bytes-from of an interleaving, the final reads after it. */
function replay(structure: EventStructure, trace: readonly InstructionStep[]): Map<number, number[]> {
  const last = [...structure.initOfByte];
  const rbf = new Map<number, number[]>();
  const read = (e: MemoryEvent) => rbf.set(e.id, Array.from({ length: e.size }, (_, i) => last[e.byteOffset + i]!));
  for (const { thread, index } of trace) {
    const e = structure.events[structure.eventOf[thread]![index]!]!;
    if (isRead(e)) read(e);
    if (isWrite(e)) for (let i = 0; i < e.size; i++) last[e.byteOffset + i] = e.id;
  }
  for (const e of structure.events) if (e.agent === 'final') read(e);
  return rbf;
}

/** A search leaf's witness, kept as arrays of each read's bytes and writers; the rest is built when first read. */
class SnapshotWitness implements JsWitness, BytesByRead {
  #outcome?: Outcome;
  #execution?: CandidateExecution;
  #readBytes?: ReadonlyMap<number, Bytes>;

  constructor(
    private readonly structure: EventStructure,
    private readonly leaf: LeafOutcomes,
    /** Each read's position in `bytes` and `rbf` (one map for every witness of a search). */
    private readonly readIndex: ReadonlyMap<number, number>,
    private readonly bytes: readonly Bytes[],
    private readonly rbf: readonly (readonly number[])[],
  ) {}

  get(read: number): Bytes | undefined {
    const i = this.readIndex.get(read);
    return i === undefined ? undefined : this.bytes[i];
  }

  get readBytes(): ReadonlyMap<number, Bytes> {
    return (this.#readBytes ??= new Map([...this.readIndex].map(([r, i]) => [r, this.bytes[i]!])));
  }

  get execution(): CandidateExecution {
    return (this.#execution ??= { structure: this.structure, readsBytesFrom: new Map([...this.readIndex].map(([r, i]) => [r, this.rbf[i]!])) });
  }

  get outcome(): Outcome {
    // Straight from the arrays: a report reads every witness's outcome, and most never their maps.
    return (this.#outcome ??= this.leaf.outcome(this));
  }
}

/**
 * What constraints demand of a memory order, as a key: the edge each one
 * forces, or the pair of edges it leaves to choose from. Options whose
 * constraints demand the same are interchangeable for validity.
 */
function effectKey(hb: Relation, constraints: readonly BetweenConstraint[]): string {
  const demands = constraints.map((c) => {
    if (hb.has(c.write, c.between)) return `${c.read}<${c.between}`;
    if (hb.has(c.between, c.read)) return `${c.between}<${c.write}`;
    return `${c.between}<${c.write}|${c.read}<${c.between}`;
  });
  return [...new Set(demands)].sort().join(';');
}
