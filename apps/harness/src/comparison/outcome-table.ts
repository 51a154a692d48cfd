/**
 * A batched (litmus-style) test's outcomes down and the runtime columns
 * across: how many samples of each outcome every runtime produced, and for a
 * litmus test what the memory models say of it. A rare outcome needs its own
 * row and rate here: in a histogram of 2 M samples, 0.01% is invisible.
 */
import { type ExperimentResult, type OutcomeClass, formatValue, ran } from '@racelab/core';

/** What the memory models say of one outcome (experiments generated from litmus tests). */
export interface ModelVerdict {
  readonly js: boolean;
  readonly sc: boolean;
  readonly tso: boolean;
  readonly explanation?: string;
}

export interface OutcomeLine {
  /** The outcome as every report shows it (`formatValue`). */
  readonly outcome: string;
  /** The worst class any runtime gave it; null when the models list it and no runtime produced it. */
  readonly class: OutcomeClass | null;
  readonly model?: ModelVerdict;
  /** Per runtime column: how many samples showed it (null where the runtime did not run the test). */
  readonly counts: readonly (number | null)[];
}

export interface OutcomeTable {
  /** The models' outcomes first, in their order; then any other outcome a runtime produced. */
  readonly outcomes: readonly OutcomeLine[];
  /** The samples each runtime column counted (null where it did not run). */
  readonly totals: readonly (number | null)[];
  /** Whether the memory models' verdicts are known (a litmus test). */
  readonly hasModel: boolean;
  /** The litmus test's text, for drawing its executions. */
  readonly source?: string;
}

/** Above this many distinct outcomes a table stops being readable: the histograms show them instead. */
const MAX_ROWS = 32;
const CLASS_RANK: Record<OutcomeClass, number> = { acceptable: 0, interesting: 1, forbidden: 2 };

/** Whether a result counts samples (several test instances per trial) rather than trials. */
export function isBatched(result: Pick<ExperimentResult, 'instances'>): boolean {
  return result.instances > 1;
}

/** What a result's histogram and rates count: one word for one thing in every report. */
export function countedUnit(result: Pick<ExperimentResult, 'instances'>): 'samples' | 'trials' {
  return isBatched(result) ? 'samples' : 'trials';
}

/**
 * The outcome table of one experiment across runtime columns (`results`,
 * null where a column has none), or undefined when it is neither a batched
 * test nor a litmus test, or has too many distinct outcomes for a table.
 */
export function outcomeTable(results: readonly (ExperimentResult | null)[]): OutcomeTable | undefined {
  const counted = results.map((r) => (r && ran(r.verdict) ? r : null));
  const model = results.find((r) => r?.model)?.model;
  if (!model && !counted.some((r) => r && isBatched(r))) return undefined;
  const lines = new Map<string, { class: OutcomeClass | null; model?: ModelVerdict }>();
  for (const o of model?.outcomes ?? []) {
    lines.set(o.outcome, { class: null, model: { js: o.js, sc: o.sc, tso: o.tso, ...(o.explanation && { explanation: o.explanation }) } });
  }
  for (const h of counted.flatMap((r) => r?.histogram ?? [])) {
    const key = formatValue(h.outcome);
    const line = lines.get(key) ?? { class: null };
    const worst = line.class && CLASS_RANK[line.class] >= CLASS_RANK[h.class] ? line.class : h.class;
    lines.set(key, { ...line, class: worst });
  }
  if (lines.size > MAX_ROWS) return undefined;
  const countOf = (r: ExperimentResult | null, key: string) => (r ? (r.histogram.find((h) => formatValue(h.outcome) === key)?.count ?? 0) : null);
  return {
    outcomes: [...lines].map(([outcome, line]) => ({
      outcome,
      class: line.class,
      ...(line.model && { model: line.model }),
      counts: counted.map((r) => countOf(r, outcome)),
    })),
    totals: counted.map((r) => (r ? r.histogram.reduce((n, h) => n + h.count, 0) : null)),
    hasModel: model !== undefined,
    ...(model?.source && { source: model.source }),
  };
}
