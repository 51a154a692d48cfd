/** Formatting shared by every text report: verdicts, figures, outcomes. */
import type { ExperimentResult, Verdict } from '@racelab/core';
import pc from 'picocolors';

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

/** A number with 3 significant digits and thousands separators for big ones. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
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

/** What was seen: the one outcome, or how many distinct, their range and the most common. */
export function formatOutcomes(result: ExperimentResult): string {
  const h = result.histogram;
  if (h.length === 0) return '–';
  if (h.length === 1) return `always ${String(h[0]!.outcome)}`;
  const numbers = h.every((e) => typeof e.outcome === 'number');
  if (numbers) return `${h.length} distinct, ${h[0]!.outcome}…${h[h.length - 1]!.outcome}`;
  const mode = h.reduce((a, b) => (b.count > a.count ? b : a));
  return `${h.length} distinct, mostly ${String(mode.outcome)}`;
}

/** The one figure a grid cell shows: the experiment's measure, else ns/op. */
export function keyFigure(result: ExperimentResult): string {
  if (result.verdict === 'error' || result.verdict === 'timeout' || result.verdict === 'skipped') return '';
  const measure = formatMeasure(result);
  if (measure) return measure;
  const ns = result.timing?.nsPerOp?.median;
  return ns === null || ns === undefined ? '' : `${formatNumber(ns)} ns/op`;
}
