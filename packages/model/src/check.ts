/**
 * One report for a litmus test under the three models: which outcomes each
 * allows, what that says about the test's condition, and for the ECMAScript
 * model a witness execution per allowed outcome and an explanation per
 * forbidden one.
 */
import type { Condition, LitmusTest, Outcome } from './litmus/ast.js';
import { explainRejection, primaryViolation } from './explain.js';
import { type ExecutionGraph, executionGraph } from './graph.js';
import type { EventStructureOptions } from './events.js';
import { checkJs, violationEvents } from './js.js';
import { EXPLANATION_BUDGET } from './js-rejected.js';
import { type JsRejection, type JsSearchOptions, type JsWitness, explainOutcome, searchJs } from './js-search.js';
import { once } from './once.js';
import { conditionHolds, satisfies } from './outcome.js';
import { type InstructionStep, scOutcomes, serialOutcomes } from './sc.js';
import { type TsoStep, tsoOutcomes } from './tso.js';

/** The three models: the ECMAScript memory model, sequential consistency, x86-TSO with the engines' compilation. */
export type ModelName = 'js' | 'sc' | 'tso';

/** Whether some allowed outcome satisfies the condition's proposition. */
export type Reachability = 'allowed' | 'forbidden';

/** What each model says about the condition. */
export interface ConditionReport {
  readonly quantifier: Condition['quantifier'];
  /** Per model: whether the proposition is satisfied by some allowed outcome. */
  readonly reachable: Readonly<Record<ModelName, Reachability>>;
  /** Per model, herd's verdict: `exists P` validated when P is reachable, `~exists P` when it is not, `forall P` when every allowed outcome satisfies P. */
  readonly validated: Readonly<Record<ModelName, boolean>>;
}

/** One outcome and what each model says about it. */
export interface OutcomeReport {
  readonly outcome: Outcome;
  /** {@link outcomeKey} of the outcome. */
  readonly key: string;
  /** Whether the outcome satisfies the condition's proposition. */
  readonly satisfies: boolean;
  /** Allowed by each model. */
  readonly js: boolean;
  readonly sc: boolean;
  readonly tso: boolean;
  /** Whether running the threads one after another, whole, in some order gives it (see {@link serialOutcomes}). */
  readonly serial: boolean;
  /** For an outcome the ECMAScript model forbids: why, in words. */
  readonly explanation?: string;
  /** A witness execution (allowed by js) or one rejected candidate with its violation (forbidden by js). */
  readonly execution?: ExecutionGraph;
  /** One run of each operational model that reaches the outcome. */
  readonly interleavings?: { readonly sc?: readonly InstructionStep[]; readonly tso?: readonly TsoStep[] };
}

/** Everything the models say about one test. */
export interface ModelReport {
  /** The test's name. */
  readonly test: string;
  readonly condition: ConditionReport;
  /** Allowed outcomes of every model, and the forbidden ones that bear on the condition, sorted by key. */
  readonly outcomes: readonly OutcomeReport[];
  /** Facts about the ECMAScript search. */
  readonly js: {
    /** Some valid candidate has self-justifying (out-of-thin-air) values the spec does not rule out; they are not enumerated. */
    readonly thinAir: boolean;
    readonly validCandidates: number;
    /** Whether every forbidden outcome that bears on the condition was found within the search budget. */
    readonly explanationsComplete: boolean;
  };
}

/** Options for {@link checkTest}. */
export interface CheckOptions {
  /** Build execution graphs and interleavings (default true). Off, the report has verdicts and explanations only, and is faster. */
  readonly executions?: boolean;
  /** Nodes the search for rejected candidates may visit (default {@link EXPLANATION_BUDGET}). */
  readonly explanationBudget?: number;
  /** How the ECMAScript model lays out the initial writes: `byte` (the spec, default) or `element`; see {@link EventStructureOptions}. */
  readonly initialWrites?: EventStructureOptions['initialWrites'];
  /** How far the ECMAScript search has got, now and then ({@link JsSearchOptions.onProgress}). */
  readonly onProgress?: JsSearchOptions['onProgress'];
  /** Allowed outcomes past which the check stops with an `OutcomeLimitError` ({@link JsSearchOptions.maxOutcomes}). */
  readonly maxOutcomes?: number;
}

/**
 * Runs a litmus test under the ECMAScript memory model, sequential
 * consistency and x86-TSO.
 *
 * @example
 * ```ts
 * const report = checkTest(parseLitmus(text));
 * report.condition.reachable; // { js: 'allowed', sc: 'forbidden', tso: 'allowed' } for SB with plain accesses
 * report.outcomes.find((o) => !o.js)?.explanation; // "sequentially consistent atomics: ..." for SB with Atomics
 * ```
 */
export function checkTest(test: LitmusTest, options: CheckOptions = {}): ModelReport {
  const drawing = options.executions ?? true;
  const budget = options.explanationBudget ?? EXPLANATION_BUDGET;
  const sc = scOutcomes(test);
  const js = searchJs(test, {
    explanationBudget: budget,
    sc,
    ...(options.initialWrites && { initialWrites: options.initialWrites }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.maxOutcomes !== undefined && { maxOutcomes: options.maxOutcomes }),
  });
  const tso = tsoOutcomes(test, sc);
  const serial = serialOutcomes(test);

  const outcomes = new Map<string, Outcome>();
  // The operational models have built their outcomes already; the js witnesses build theirs when read.
  for (const map of [sc, tso, js.allowed, js.rejected]) for (const [key, witness] of map) if (!outcomes.has(key)) outcomes.set(key, witness.outcome);

  const reports = [...outcomes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, outcome]): OutcomeReport => {
      const witness = js.allowed.get(key);
      const report: OutcomeReport = {
        outcome,
        key,
        satisfies: satisfies(test, test.condition.proposition, outcome),
        js: witness !== undefined,
        sc: sc.has(key),
        tso: tso.has(key),
        serial: serial.has(key),
      };
      // Explanations and pictures cost a full check of a candidate each: they are computed when first read.
      if (witness) {
        if (drawing) defineLazy(report, 'execution', () => witnessGraph(witness));
      } else {
        const rejection = once(() => js.rejected.get(key) ?? explainOutcome(js.structure, js.allowed, outcome, budget));
        const explained = once(() => {
          const r = rejection();
          return r && explain(r, drawing);
        });
        if (js.rejected.has(key) || report.sc || report.tso) {
          defineLazy(report, 'explanation', () => explained()?.text);
          if (drawing) defineLazy(report, 'execution', () => explained()?.graph);
        }
      }
      if (drawing && (report.sc || report.tso)) {
        Object.assign(report, { interleavings: { ...(report.sc && { sc: sc.get(key)!.trace }), ...(report.tso && { tso: tso.get(key)!.trace }) } });
      }
      return report;
    });

  const verdict = (allowed: (o: OutcomeReport) => boolean) => {
    const satisfying = reports.filter(allowed).map((o) => o.satisfies);
    return { reachable: satisfying.some(Boolean) ? ('allowed' as const) : ('forbidden' as const), validated: conditionHolds(test.condition, satisfying) };
  };
  const v = { js: verdict((o) => o.js), sc: verdict((o) => o.sc), tso: verdict((o) => o.tso) };
  return {
    test: test.name,
    condition: {
      quantifier: test.condition.quantifier,
      reachable: { js: v.js.reachable, sc: v.sc.reachable, tso: v.tso.reachable },
      validated: { js: v.js.validated, sc: v.sc.validated, tso: v.tso.validated },
    },
    outcomes: reports,
    js: { thinAir: js.thinAir, validCandidates: js.validCandidates, explanationsComplete: js.explanationsComplete },
  };
}

function witnessGraph(witness: JsWitness): ExecutionGraph {
  const checked = checkJs(witness.execution);
  if (!checked.valid) throw new Error('Internal error: a witness execution is not valid');
  return executionGraph(witness.execution, checked.relations, witness.readBytes, { mo: checked.mo });
}

function explain(rejection: JsRejection, drawing: boolean): { text: string; graph?: ExecutionGraph } {
  const checked = checkJs(rejection.execution);
  const rejected = { execution: rejection.execution, relations: checked.relations, readBytes: rejection.readBytes };
  const text = explainRejection(rejected, rejection.violations);
  if (!drawing) return { text };
  const first = primaryViolation(rejection.execution.structure, rejection.violations);
  const graph = executionGraph(rejection.execution, checked.relations, rejection.readBytes, {
    violation: { axiom: first.axiom, events: violationEvents(first), text },
  });
  return { text, graph };
}


/** An enumerable property computed on first read (so JSON and spreading see it). */
function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  const get = once(compute);
  Object.defineProperty(target, key, { get, enumerable: true, configurable: true });
}
