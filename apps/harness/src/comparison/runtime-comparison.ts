/**
 * The comparison across the runtimes of one run (the baseline regression
 * check is baseline-check.ts): a pure function of result documents that
 * every report (terminal, Markdown, HTML) renders. Experiments down, runtimes
 * across; per cell what was seen and how fast; and the differences between
 * runtimes that matter, spelled out.
 */
import { type ExperimentResult, type ResultDocument, type RuntimeId, TIERS, formatValue, ran } from '@racelab/core';
import { runtimeId } from '@racelab/core/schema';
import { type Interval, medianInterval, ratioInterval } from './median-interval.js';
import { columnName, compareVersionAndMachine } from '../documents/document.js';
import { type OutcomeTable, countedUnit, outcomeTable } from './outcome-table.js';

/** How one runtime's ns/op compares with the fastest runtime's for the same experiment. */
export interface Speed {
  /** This runtime's median ÷ the fastest median (≥ 1). */
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
  readonly fastest: boolean;
  /** The ratio's interval excludes 1: this runtime is really slower. */
  readonly significant: boolean;
  /** Significant and at least the comparison's minimum effect: a difference that matters. */
  readonly matters: boolean;
}

export interface Cell {
  /** The column: the runtime, with its forced tier if any (see columnName). */
  readonly runtime: string;
  readonly result: ExperimentResult;
  /** The approximate 95% interval of the ns/op median; null without timing. */
  readonly nsPerOp: Interval | null;
  readonly speed: Speed | null;
}

export interface ComparisonRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** One per runtime column, null when that runtime has no result for this experiment. */
  readonly cells: readonly (Cell | null)[];
  /** For a batched or litmus test: each outcome, how often each runtime produced it, and what the models say. */
  readonly outcomes?: OutcomeTable;
  /** The differences between runtimes that matter for this experiment. */
  readonly findings: readonly Finding[];
}

/**
 * What differs: verdicts; an outcome seen on some runtimes and never on
 * others; an outcome the models allow that no runtime produced (not a
 * difference between runtimes); ns/op.
 */
export type FindingKind = 'verdict' | 'outcome' | 'model' | 'speed';

/** A difference between runtimes that matters, in words. */
export interface Finding {
  readonly kind: FindingKind;
  readonly experiment: string;
  readonly text: string;
}

export interface Comparison {
  /** The documents, one per runtime, in racelab's runtime order. */
  readonly documents: readonly ResultDocument[];
  readonly runtimes: readonly string[];
  readonly rows: readonly ComparisonRow[];
  readonly findings: readonly Finding[];
  /** The smallest ratio of ns/op medians that counts as a speed difference (with an interval that excludes 1). */
  readonly minEffect: number;
}

/** The default of {@link ComparisonOptions.minEffect}: 1.0× with a tight interval is significant but meaningless. */
export const DEFAULT_MIN_EFFECT = 1.2;

export interface ComparisonOptions {
  /** A runtime is slower in a way that matters when its ns/op is at least this many times the fastest's (default 1.2). */
  readonly minEffect?: number;
}

/** Above this many distinct outcomes, differences are told per outcome class, not per outcome. */
const MAX_OUTCOMES_NAMED = 8;

const RUNTIME_ORDER: readonly RuntimeId[] = runtimeId.options;

/** Sorts documents into racelab's runtime order (node, deno, bun, chromium, firefox), each runtime's default before its forced tiers. */
export function inRuntimeOrder(documents: readonly ResultDocument[]): ResultDocument[] {
  const tierRank = (d: ResultDocument) => (d.tier ? TIERS.indexOf(d.tier) + 1 : 0);
  return [...documents].sort(
    (a, b) => RUNTIME_ORDER.indexOf(a.runtime.id) - RUNTIME_ORDER.indexOf(b.runtime.id) || compareVersionAndMachine(a, b) || tierRank(a) - tierRank(b),
  );
}

/**
 * Compares result documents of different runtimes (at most one per runtime).
 *
 * @example
 * ```ts
 * const { rows, findings } = compareRuntimes([nodeDocument, denoDocument]);
 * ```
 */
export function compareRuntimes(input: readonly ResultDocument[], options: ComparisonOptions = {}): Comparison {
  const minEffect = options.minEffect ?? DEFAULT_MIN_EFFECT;
  const documents = inRuntimeOrder(input);
  const runtimes = documents.map((d) => columnName(d, documents));
  const ids = [...new Set(documents.flatMap((d) => d.experiments.map((e) => e.id)))];
  const rows = ids.map((id) => compareExperiment(id, documents, minEffect));
  return { documents, runtimes, rows, findings: rows.flatMap((r) => r.findings), minEffect };
}

function compareExperiment(id: string, documents: readonly ResultDocument[], minEffect: number): ComparisonRow {
  const results = documents.map((d) => d.experiments.find((e) => e.id === id) ?? null);
  const intervals = results.map((r) => (r && ran(r.verdict) ? medianInterval(r.timing?.nsPerOp) : null));
  let fastest: Interval | null = null;
  for (const i of intervals) if (i && i.median > 0 && (!fastest || i.median < fastest.median)) fastest = i;
  const cells = results.map((result, index): Cell | null => {
    if (!result) return null;
    const nsPerOp = intervals[index] ?? null;
    let speed: Speed | null = null;
    if (nsPerOp && fastest) {
      const isFastest = nsPerOp === fastest;
      const r = isFastest ? { ratio: 1, low: 1, high: 1 } : ratioInterval(nsPerOp, fastest);
      const significant = !isFastest && r.low > 1;
      speed = { ...r, fastest: isFastest, significant, matters: significant && r.ratio >= minEffect };
    }
    return { runtime: columnName(documents[index]!, documents), result, nsPerOp, speed };
  });
  const first = results.find((r) => r !== null)!;
  const outcomes = outcomeTable(results);
  const row = { id, title: first.title, ...(first.description ? { description: first.description } : {}), cells, ...(outcomes && { outcomes }) };
  return { ...row, findings: findDifferences(row, minEffect) };
}

function findDifferences(row: Omit<ComparisonRow, 'findings'>, minEffect: number): Finding[] {
  const present = row.cells.filter((c): c is Cell => c !== null);
  const findings: Finding[] = [];
  const verdicts = new Set(present.map((c) => c.result.verdict));
  if (verdicts.size > 1) {
    findings.push({
      kind: 'verdict',
      experiment: row.id,
      text: `verdicts differ: ${present.map((c) => `${c.runtime} ${c.result.verdict}`).join(', ')}`,
    });
  }
  const counted = present.filter((c) => ran(c.result.verdict));
  if (counted.length > 1) findings.push(...outcomeDifferences(row.id, counted));
  if (row.outcomes?.hasModel) findings.push(...notSeen(row.id, row.outcomes));
  const slower = present.filter((c) => c.speed?.matters);
  const fastest = present.find((c) => c.speed?.fastest);
  if (slower.length > 0 && fastest) {
    const list = slower
      .map((c) => `${c.runtime} ${c.speed!.ratio.toFixed(1)}× (95% ${c.speed!.low.toFixed(1)}–${finite(c.speed!.high)}×)`)
      .join(', ');
    findings.push({ kind: 'speed', experiment: row.id, text: `slower than ${fastest.runtime} in ns/op by ${minEffect}× or more: ${list}` });
  }
  return findings;
}

const finite = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '∞');

/**
 * Outcomes the ECMAScript model allows and x86-TSO shows (so this hardware
 * could produce them) that no runtime produced: a weak behaviour the engines
 * never exposed here, or a sign that the test did not sample enough.
 */
function notSeen(experiment: string, table: OutcomeTable): Finding[] {
  if (!table.totals.some((t) => t !== null && t > 0)) return [];
  return table.outcomes
    .filter((o) => o.model?.js && o.model.tso && o.counts.every((c) => !c))
    .map((o) => ({
      kind: 'model' as const,
      experiment,
      text: `not seen: ${o.outcome} is allowed by the ECMAScript model${o.model!.sc ? '' : ' (not by SC)'} and by x86-TSO, but no runtime produced it`,
    }));
}

/** Outcomes (or, for experiments with many outcomes, classes of outcome) seen on some runtimes and never on others. */
function outcomeDifferences(experiment: string, ran: readonly Cell[]): Finding[] {
  const findings: Finding[] = [];
  const union = new Map<string, { outcome: string; class: string }>();
  for (const c of ran) for (const h of c.result.histogram) union.set(formatValue(h.outcome), { outcome: formatValue(h.outcome), class: h.class });
  const never = (cells: readonly Cell[]) =>
    cells
      .map((c) => {
        const { total } = c.result.rates.interesting;
        return `${c.runtime} (0 in ${total.toLocaleString('en-US')} ${countedUnit(c.result)}, rate < ${percent(3 / total)})`;
      })
      .join(', ');
  if (union.size <= MAX_OUTCOMES_NAMED) {
    for (const { outcome, class: cls } of union.values()) {
      if (cls === 'acceptable') continue;
      const count = (c: Cell) => c.result.histogram.find((h) => formatValue(h.outcome) === outcome)?.count ?? 0;
      const seen = ran.filter((c) => count(c) > 0);
      const unseen = ran.filter((c) => count(c) === 0);
      if (seen.length === 0 || unseen.length === 0) continue;
      findings.push({
        kind: 'outcome',
        experiment,
        text:
          `${cls} outcome ${outcome} seen on ${seen.map((c) => `${c.runtime} (${count(c)}×)`).join(', ')}; ` +
          `never on ${never(unseen)}`,
      });
    }
    return findings;
  }
  for (const cls of ['forbidden', 'interesting'] as const) {
    const rate = (c: Cell) => c.result.rates[cls];
    const seen = ran.filter((c) => rate(c).count > 0);
    const unseen = ran.filter((c) => rate(c).count === 0);
    if (seen.length === 0 || unseen.length === 0) continue;
    findings.push({
      kind: 'outcome',
      experiment,
      text:
        `${cls} outcomes seen on ${seen.map((c) => `${c.runtime} (${percent(rate(c).rate ?? 0)})`).join(', ')}; ` +
        `never on ${never(unseen)}`,
    });
  }
  return findings;
}

function percent(x: number): string {
  const p = x * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : Number(p.toPrecision(2))}%`;
}
