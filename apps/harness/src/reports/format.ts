/** Formatting shared by every text report: verdicts, figures, outcomes. */
import { type ExperimentResult, type Verdict, formatValue, isBigIntJson, ran, wilson } from '@racelab/core';
import { pc } from './colors.js';
import type { Cell, Speed } from '../comparison/runtime-comparison.js';
import { countedUnit } from '../comparison/outcome-table.js';
import type { SpeedLevel } from '../comparison/glance.js';

/** A rate as a result document carries it (null rate when nothing was counted). */
type Rate = ExperimentResult['rates']['interesting'];

const VERDICT_COLOUR: Record<Verdict, (s: string) => string> = {
  pass: pc.green,
  fail: pc.red,
  error: pc.magenta,
  timeout: pc.magenta,
  skipped: pc.yellow,
};

export function formatVerdict(verdict: Verdict): string {
  return VERDICT_COLOUR[verdict](verdict);
}

/** A verdict in one character, for grids that must also read without colour. */
export const VERDICT_GLYPH: Record<Verdict, string> = { pass: '✓', fail: '✗', error: 'E', timeout: 'T', skipped: '–' };
/** Marks a cell in which an interesting outcome occurred. */
export const INTERESTING_GLYPH = '✱';
/** How much slower than the fastest runtime, as a bar that grows (level 0 shows nothing). */
export const SPEED_GLYPH: Record<SpeedLevel, string> = { 0: '', 1: '▃', 2: '▅', 3: '█' };

/** A verdict glyph in its colour, for the terminal. */
export function formatVerdictGlyph(verdict: Verdict): string {
  return VERDICT_COLOUR[verdict](VERDICT_GLYPH[verdict]);
}

/** The rule for "differences that matter", said in every report that lists them. */
export function whatMatters(minEffect: number): string {
  return (
    'A difference matters when verdicts differ, when an outcome occurred on some runtimes and never on others, ' +
    `or when a runtime's ns/op is at least ${minEffect}× the fastest's and the 95% interval of that ratio excludes 1.`
  );
}

/** A number with 3 significant digits and thousands separators for big ones. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** `2M`, `830k`, `12`: a count or a rate, short enough for a grid cell. */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`;
  return Number(value.toPrecision(3)).toString();
}

/** What a result counted, with its word: `100 trials`, `2,000,000 samples` (`2M samples` when `compact`). */
export function formatCounted(result: ExperimentResult, compact = false): string {
  const n = result.trials * result.instances;
  return `${compact ? formatCompact(n) : formatNumber(n)} ${countedUnit(result)}`;
}

/** ns/op as `median ±spread`, the spread being half the interquartile range in percent of the median. */
export function formatNsPerOp(result: ExperimentResult): string {
  const ns = result.timing?.nsPerOp;
  if (!ns || ns.median === null) return '–';
  const spread = ns.p25 !== null && ns.p75 !== null && ns.median > 0 ? ((ns.p75 - ns.p25) / 2 / ns.median) * 100 : null;
  return spread === null ? formatNumber(ns.median) : `${formatNumber(ns.median)} ±${spread.toFixed(spread < 10 ? 1 : 0)}%`;
}

/** The experiment's own measure, e.g. `lost updates 44.7%`. */
export function formatMeasure(result: ExperimentResult): string {
  const m = result.measure;
  if (!m || m.value === null) return '';
  return m.unit === 'percent' ? `${m.label} ${(m.value * 100).toFixed(1)}%` : `${m.label} ${formatNumber(m.value)}`;
}

/** An outcome or a param as a result document carries it; a bigint (`{ bigint: "5" }`) shows as `5n`. */
export type ResultValue = ExperimentResult['histogram'][number]['outcome'];

/** A value as every report shows it: `5n` for a bigint, anything else as `String` shows it. */
export { formatValue };

/** Whether two outcomes of result documents are the same value (two bigints are two objects). */
export function sameOutcome(a: ResultValue, b: ResultValue): boolean {
  return a === b || (isBigIntJson(a) && isBigIntJson(b) && a.bigint === b.bigint);
}

/** What was seen: the one outcome, or how many distinct, their range and the most common. */
export function formatOutcomes(result: ExperimentResult): string {
  const h = result.histogram;
  if (h.length === 0) return '–';
  if (h.length === 1) return `always ${formatValue(h[0]!.outcome)}`;
  // Numbers and bigints come sorted: the first and last are the range.
  const numbers = h.every((e) => typeof e.outcome === 'number' || isBigIntJson(e.outcome));
  if (numbers) return `${h.length} distinct, ${formatValue(h[0]!.outcome)}…${formatValue(h[h.length - 1]!.outcome)}`;
  const mode = h.reduce((a, b) => (b.count > a.count ? b : a));
  return `${h.length} distinct, mostly ${formatValue(mode.outcome)}`;
}

/** The one figure a grid cell shows: the experiment's measure, else ns/op. */
export function keyFigure(result: ExperimentResult): string {
  if (result.verdict === 'error' || result.verdict === 'timeout' || result.verdict === 'skipped') return '';
  const measure = formatMeasure(result);
  if (measure) return measure;
  const ns = result.timing?.nsPerOp?.median;
  return ns === null || ns === undefined ? '' : `${formatNumber(ns)} ns/op`;
}

/** A proportion in percent, with as many digits as a small one needs: `30%`, `4.2%`, `0.03%`. */
export function formatPercent(value: number): string {
  const p = value * 100;
  if (p === 0 || p >= 10) return `${Math.round(p)}%`;
  if (p >= 1) return `${p.toFixed(1)}%`;
  return `${Number(p.toPrecision(1))}%`;
}

/**
 * A rate with its 95% interval, `30% 12–58%`. When the outcome never occurred
 * the honest statement is an upper bound: not seen in n trials means the rate
 * is below 3/n with 95% confidence (the rule of three), shown as `none <30%`.
 */
export function formatRate(rate: Rate): string {
  if (rate.total === 0) return '–';
  if (rate.count === 0) return `none <${formatPercent(3 / rate.total)}`;
  return `${formatPercent(rate.rate ?? 0)} ${formatPercent(rate.low).replace('%', '')}–${formatPercent(rate.high)}`;
}

/** Everything a grid cell stands for, in one line (HTML tooltips): `node: pass · 2,000,000 samples · interesting 19% 18–19% · 111 ns/op ±34% · 2.1× 1.9–2.4`. */
export function describeCell(cell: Cell): string {
  const r = cell.result;
  if (!ran(r.verdict)) return `${cell.runtime}: ${r.verdict}. ${(r.reason ?? '').split('\n')[0]}`;
  const parts = [`${cell.runtime}: ${r.verdict}`, formatCounted(r), `${r.distinct} distinct`, `interesting ${formatRate(r.rates.interesting)}`];
  if (r.timing?.nsPerOp?.median != null) parts.push(`${formatNsPerOp(r)} ns/op`, cell.speed?.fastest ? 'fastest' : `${formatRatio(cell.speed)} × fastest`);
  return parts.join(' · ');
}

/** How many samples of `total` showed an outcome, with its rate and 95% interval: `370,106 (19% 18–19%)`, `0 (none <0.0002%)`. */
export function formatShare(count: number | null, total: number | null): string {
  if (count === null || total === null) return '–';
  return `${formatNumber(count)} (${formatRate(wilson(count, total))})`;
}

/**
 * ns/op as `median (p25–p75)`, saying when trials too short for the clock
 * were timed in groups, or why there is no figure.
 */
function formatTiming(result: ExperimentResult): string {
  const timing = result.timing;
  const ns = timing?.nsPerOp;
  if (!ns || ns.median === null) return timing?.withheld ? `none: ${timing.withheld}` : '';
  const figure = `${formatNumber(ns.median)} (${formatNumber(ns.p25)}–${formatNumber(ns.p75)})`;
  return timing!.group && timing!.group > 1 ? `${figure}, timed in groups of ${timing!.group} trials` : figure;
}

/** The columns of {@link cellFigures}, after the runtime's name. */
export const FIGURE_HEADERS = ['verdict', 'counted', 'outcomes', 'interesting (95%)', 'forbidden', 'ns/op median (p25–p75)', '× fastest (95%)'] as const;

/** A runtime's figures for one experiment in plain text, as the details of the Markdown and HTML reports show them. */
export function cellFigures(cell: Cell): Record<(typeof FIGURE_HEADERS)[number], string> {
  const r = cell.result;
  const counted = ran(r.verdict);
  const ns = r.timing?.nsPerOp;
  return {
    verdict: r.verdict,
    counted: formatCounted(r),
    outcomes: counted ? `${formatOutcomes(r)}${formatMeasure(r) ? `; ${formatMeasure(r)}` : ''}` : (r.reason ?? '').split('\n')[0]!,
    'interesting (95%)': counted ? formatRate(r.rates.interesting) : '',
    forbidden: counted ? formatNumber(r.rates.forbidden.count) : '',
    'ns/op median (p25–p75)': counted ? formatTiming(r) : '',
    '× fastest (95%)': formatRatio(cell.speed),
  };
}

/** A speed ratio with its 95% interval, `2.1× 1.9–2.4`; the fastest runtime shows `fastest`. */
export function formatRatio(speed: Speed | null): string {
  if (!speed) return '–';
  if (speed.fastest) return 'fastest';
  const r = (x: number) => (Number.isFinite(x) ? (x >= 10 ? Math.round(x).toString() : x.toFixed(1)) : '∞');
  return `${r(speed.ratio)}× ${r(speed.low)}–${r(speed.high)}`;
}
