/**
 * The forbidden outcomes worth explaining, each with one rejected candidate
 * execution: a walk over reads-bytes-from without the model's pruning, that
 * branches on values and stops where the known values already decide the
 * condition's proposition the other way. The candidates it finds are checked
 * by the full model (js.ts) when their violations are first read.
 */
import type { Atom, LitmusTest, Outcome, Proposition } from './litmus/ast.js';
import { Assignment, knownAtoms, leafOutcomes } from './assignment.js';
import type { EventStructure } from './events.js';
import { type CandidateExecution, type JsViolation, checkJs } from './js.js';
import type { JsRejection, JsWitness } from './js-search.js';
import { evaluatePartial, outcomeKey, satisfies } from './outcome.js';
import { type ReadSite, coherent, sitesOf, tearFree } from './read-sites.js';
import type { Bytes } from './semantics.js';
import { destination, elementName, elementOf, finalElements } from './semantics.js';

/**
 * A rejected candidate reaching one given outcome, if the ECMAScript model
 * forbids it: for outcomes other models allow that do not bear on the
 * condition. Undefined when no candidate reaches it within the budget.
 */
export function explainOutcome(structure: EventStructure, allowed: ReadonlyMap<string, JsWitness>, outcome: Outcome, budget = EXPLANATION_BUDGET): JsRejection | undefined {
  const found = searchRejected(structure, allowed, outcomeProposition(structure.test, outcome), true, budget);
  return found.rejected.get(outcomeKey(outcome));
}

/** An outcome as a proposition: the conjunction of all its registers and memory elements. */
function outcomeProposition(test: LitmusTest, outcome: Outcome): Proposition {
  const atoms: Atom[] = [
    ...Object.entries(outcome.registers).map(([key, value]): Atom => {
      const [thread, reg] = key.split(':') as [string, string];
      return { kind: 'reg', thread: Number(thread), reg, value };
    }),
    ...finalElements(test).map((e): Atom => ({ kind: 'mem', access: { location: e.location.name, index: e.index }, value: outcome.memory[elementName(e.location, e.index)] ?? 0n })),
  ];
  return atoms.reduce<Proposition>((p, atom) => ({ kind: 'and', left: p, right: { kind: 'atom', atom } }), { kind: 'true' });
}


/**
 * Nodes a search for rejected candidates visits before it gives up (and
 * says so): the catalog's explanations need a few hundred; a wide mixed-size
 * test could otherwise spend seconds on outcomes nobody asked about.
 */
export const EXPLANATION_BUDGET = 20_000;

/** At most this many rejected outcomes are collected for one proposition: beyond, they differ only in reads the proposition does not name. */
const MAX_REJECTED = 64;

/**
 * Forbidden outcomes whose proposition has the wanted truth (true: they
 * satisfy it; false: they violate it), each with a rejected candidate: a
 * walk over reads-bytes-from without the model's pruning that branches on
 * values and cuts branches whose known values already give the proposition
 * the other truth. Reads the proposition does not name (directly, or for
 * final reads through the bytes they read) first only take the options
 * coherence and tear-freedom allow them on their own, so that the outcomes
 * listed differ from the allowed ones in what the proposition is about; if
 * that finds nothing, every option is tried.
 */
export function searchRejected(
  structure: EventStructure,
  allowed: ReadonlyMap<string, JsWitness>,
  proposition: Proposition,
  wanted: boolean,
  budget: number,
): { rejected: Map<string, JsRejection>; complete: boolean } {
  const focused = walkRejected(structure, allowed, proposition, wanted, budget, true);
  return focused.rejected.size > 0 ? focused : walkRejected(structure, allowed, proposition, wanted, budget, false);
}

function walkRejected(
  structure: EventStructure,
  allowed: ReadonlyMap<string, JsWitness>,
  proposition: Proposition,
  wanted: boolean,
  budget: number,
  focus: boolean,
): { rejected: Map<string, JsRejection>; complete: boolean } {
  const { test } = structure;
  const named = namedReads(structure, proposition);
  const hbStatic = structure.po.union(structure.initBefore, structure.finalAfter).closure();
  const sites = sitesOf(structure)
    .map((site): ReadSite => {
      if (named.has(site.read) || (!focus && structure.events[site.read]!.agent !== 'final')) return site;
      return { ...site, options: site.options.filter((o) => tearFree(structure, site, o) && coherent(hbStatic, site, o)) };
    })
    // The reads the proposition names first, so that it is decided early.
    .sort((a, b) => Number(named.has(b.read)) - Number(named.has(a.read)));
  const state = new Assignment(structure, sites);
  const pending = new Set<number>();
  const rejected = new Map<string, JsRejection>();
  const known = knownAtoms(structure, state);
  const leaf = leafOutcomes(structure);
  let nodes = 0;

  const promising = (): boolean => {
    const truth = evaluatePartial(proposition, known);
    return truth === undefined || truth === wanted;
  };

  const walk = (i: number): void => {
    if (++nodes > budget) return;
    if (i === sites.length) {
      state.resolve(pending, () => {
        if (pending.size > 0) return;
        const key = leaf.key(state.bytes);
        if (allowed.has(key) || rejected.has(key)) return;
        const outcome = leaf.outcome(state.bytes);
        if (satisfies(test, proposition, outcome) !== wanted) return;
        rejected.set(key, rejection(outcome, state.execution(), new Map(state.bytes)));
        if (rejected.size >= MAX_REJECTED) nodes = budget + 1;
      });
      return;
    }
    const site = sites[i]!;
    const seen = new Set<string>();
    for (const option of site.options) {
      state.option.set(site.read, option);
      const choices = state.choices(site.read);
      if (choices) {
        for (const choice of choices) {
          const key = choice.bytes.join(',');
          if (seen.has(key)) continue;
          seen.add(key);
          state.bytes.set(site.read, choice.bytes);
          state.rbf.set(site.read, choice.rbf);
          if (promising()) state.resolve(pending, () => walk(i + 1), promising);
        }
        state.bytes.delete(site.read);
        state.rbf.delete(site.read);
      } else {
        pending.add(site.read);
        state.resolve(pending, () => walk(i + 1), promising);
        pending.delete(site.read);
      }
      state.option.delete(site.read);
    }
  };
  walk(0);
  return { rejected, complete: nodes <= budget };
}

/** A rejection whose violations are computed by the full model on first use. */
function rejection(outcome: Outcome, execution: CandidateExecution, readBytes: ReadonlyMap<number, Bytes>): JsRejection {
  let violations: readonly JsViolation[] | undefined;
  return {
    outcome,
    execution,
    readBytes,
    get violations() {
      if (!violations) {
        const checked = checkJs(execution);
        if (checked.valid) throw new Error(`Internal error: the search missed a valid execution of ${execution.structure.test.name} reaching ${outcomeKey(outcome)}`);
        violations = checked.violations;
      }
      return violations;
    },
  };
}

/** The read events whose values a proposition names: the last read into each register it names, the final reads under each element it names. */
function namedReads(structure: EventStructure, proposition: Proposition): Set<number> {
  const reads = new Set<number>();
  const visit = (p: Proposition): void => {
    if (p.kind === 'atom' && p.atom.kind === 'mem') {
      const e = elementOf(structure.test, p.atom.access);
      for (const f of structure.events) {
        if (f.agent === 'final' && f.byteOffset < e.byteOffset + e.size && f.byteOffset + f.size > e.byteOffset) reads.add(f.id);
      }
    } else if (p.kind === 'atom' && p.atom.kind === 'reg') {
      const { thread, reg } = p.atom;
      const instructions = structure.test.threads[thread]?.instructions ?? [];
      const last = instructions.map(destination).lastIndexOf(reg);
      if (last >= 0) reads.add(structure.eventOf[thread]![last]!);
    } else if (p.kind === 'not') visit(p.operand);
    else if (p.kind === 'and' || p.kind === 'or') {
      visit(p.left);
      visit(p.right);
    }
  };
  visit(proposition);
  return reads;
}
