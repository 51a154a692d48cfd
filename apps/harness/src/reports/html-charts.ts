/**
 * Chart.js configurations for the HTML report, built in Node from the
 * comparison so that the page only has to draw them: plain JSON, no
 * callbacks.
 */
import type { ExperimentResult, OutcomeClass } from '@racelab/core';
import type { Cell, ComparisonRow } from '../comparison/runtime-comparison.js';
import { type OutcomeTable, countedUnit } from '../comparison/outcome-table.js';
import { formatCounted, formatNumber, formatValue, sameOutcome } from './format.js';

export const CLASS_COLOUR: Record<OutcomeClass, string> = {
  acceptable: '#2da44e',
  interesting: '#fb8500',
  forbidden: '#cf222e',
};
export const CLASS_WORDS: Record<OutcomeClass, string> = {
  acceptable: 'expected',
  interesting: 'interesting (the race shows)',
  forbidden: 'forbidden (a bug)',
};

/** Above this many distinct numeric outcomes the histogram groups them into ranges. */
const MAX_BARS = 24;
/** Acceptable values are kept as bars of their own when there are at most this many (e.g. exactly 200,000). */
const MAX_EXACT = 3;
const CLASS_RANK: Record<OutcomeClass, number> = { acceptable: 0, interesting: 1, forbidden: 2 };
/** One colour per runtime column where several runtimes share a chart (Tableau 10: tells ten apart, prints in grey). */
export const RUNTIME_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'] as const;
/** What the horizontal bar charts share: runtimes or outcomes down, drawn at once (no animation), filling their box, legend below. */
const HORIZONTAL_BARS = { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } } as const;
/** The slowest trials are drawn up to this multiple of the largest p75, so one stalled trial cannot squash every median into the axis. */
const WHISKER_CLIP = 3;

interface Bucket {
  label: string;
  /** Which histogram entries fall in it. */
  contains: (outcome: ExperimentResult['histogram'][number]['outcome']) => boolean;
}

/**
 * The x-axis shared by every runtime's histogram of one experiment, so the
 * pictures line up: exact outcomes when there are few, otherwise ranges of
 * numeric outcomes (with the few expected values kept as their own bars).
 */
export function histogramBuckets(cells: readonly Cell[]): Bucket[] {
  const entries = cells.flatMap((c) => c.result.histogram);
  const distinct = new Map<string, (typeof entries)[number]>();
  for (const e of entries) distinct.set(formatValue(e.outcome), e);
  const values = [...distinct.values()];
  const numeric = values.every((e) => typeof e.outcome === 'number');
  const exact = (e: (typeof values)[number]): Bucket => ({
    label: typeof e.outcome === 'number' ? formatNumber(e.outcome) : formatValue(e.outcome),
    contains: (o) => sameOutcome(o, e.outcome),
  });
  if (!numeric) return values.sort((a, b) => formatValue(a.outcome).localeCompare(formatValue(b.outcome))).map(exact);
  values.sort((a, b) => Number(a.outcome) - Number(b.outcome));
  if (values.length <= MAX_BARS) return values.map(exact);
  const acceptable = values.filter((e) => e.class === 'acceptable');
  const kept = acceptable.length <= MAX_EXACT ? acceptable : [];
  const rest = values.filter((e) => !kept.includes(e)).map((e) => Number(e.outcome));
  const min = rest[0]!;
  const max = rest[rest.length - 1]!;
  const bins = MAX_BARS - kept.length;
  const step = Math.max(1, Math.ceil((max - min + 1) / bins));
  const ranges: (Bucket & { at: number })[] = [];
  for (let from = min; from <= max; from += step) {
    const to = Math.min(max, from + step - 1);
    const isKept = (o: unknown) => kept.some((k) => k.outcome === o);
    ranges.push({
      at: from,
      label: from === to ? formatNumber(from) : `${formatNumber(from)}–${formatNumber(to)}`,
      contains: (o) => typeof o === 'number' && o >= from && o <= to && !isKept(o),
    });
  }
  for (const k of kept) ranges.push({ at: Number(k.outcome), ...exact(k) });
  return ranges.sort((a, b) => a.at - b.at).map(({ label, contains }) => ({ label, contains }));
}

/** A histogram of one runtime's outcomes over the shared buckets, bars coloured by the worst class in them. */
export function histogramChart(row: ComparisonRow, cell: Cell, buckets: readonly Bucket[]): unknown {
  const counts = buckets.map(() => 0);
  const classes: OutcomeClass[] = buckets.map(() => 'acceptable');
  for (const h of cell.result.histogram) {
    const i = buckets.findIndex((b) => b.contains(h.outcome));
    if (i < 0) continue;
    counts[i]! += h.count;
    if (CLASS_RANK[h.class] > CLASS_RANK[classes[i]!]) classes[i] = h.class;
  }
  const r = cell.result;
  const unit = countedUnit(r);
  return {
    type: 'bar',
    data: {
      labels: buckets.map((b) => b.label),
      datasets: [
        {
          label: unit,
          data: counts,
          backgroundColor: classes.map((c) => CLASS_COLOUR[c]),
          maxBarThickness: 64,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        title: { display: true, text: `${cell.runtime}: ${formatCounted(r)}, ${r.distinct} different result${r.distinct === 1 ? '' : 's'}` },
      },
      scales: {
        x: { title: { display: true, text: r.outcomeLabel ? `outcome: ${r.outcomeLabel}` : 'outcome' } },
        y: { beginAtZero: true, title: { display: true, text: unit }, ticks: { precision: 0 } },
      },
    },
  };
}

/**
 * Each outcome's share of the samples on every runtime, on a log axis: a
 * 0.01% outcome gets a bar as visible as a 10% one gets on a linear axis.
 * Outcome labels are coloured by class; an outcome a runtime never produced
 * has no bar (the table beside it gives the bound).
 */
export function outcomeRateChart(table: OutcomeTable, runtimes: readonly string[]): unknown {
  const columns = runtimes.flatMap((runtime, i) => (table.totals[i] ? [{ runtime, i, total: table.totals[i]! }] : []));
  const percent = (count: number | null, total: number) => (count ? (100 * count) / total : null);
  const smallest = Math.min(100, ...table.outcomes.flatMap((o) => columns.map((c) => percent(o.counts[c.i]!, c.total) ?? 100)));
  return {
    type: 'bar',
    data: {
      labels: table.outcomes.map((o) => o.outcome),
      datasets: columns.map((c) => ({
        label: c.runtime,
        data: table.outcomes.map((o) => percent(o.counts[c.i]!, c.total)),
        backgroundColor: RUNTIME_COLOURS[c.i % RUNTIME_COLOURS.length],
        barPercentage: 0.9,
        categoryPercentage: 0.85,
      })),
    },
    options: {
      ...HORIZONTAL_BARS,
      scales: {
        x: {
          type: 'logarithmic',
          // A decade below the rarest outcome, so that its bar has a length.
          min: 10 ** (Math.floor(Math.log10(smallest)) - 1),
          max: 100,
          title: { display: true, text: '% of samples (log scale)' },
          // Configurations are JSON: the page turns this name into a tick callback (html-template.ts).
          ticks: { racelabFormat: 'decades-percent', maxRotation: 0 },
        },
        y: {
          ticks: { autoSkip: false, color: table.outcomes.map((o) => (o.class && o.class !== 'acceptable' ? CLASS_COLOUR[o.class] : '#1f2328')) },
        },
      },
    },
  };
}

/** The height in pixels the outcome chart needs to give every bar room. */
export function outcomeRateChartHeight(table: OutcomeTable): number {
  const columns = table.totals.filter(Boolean).length;
  return 90 + table.outcomes.length * (8 + 9 * columns);
}

/** `x` rounded up to two significant digits, for an axis that ends on a round number. */
function roundUp(x: number): number {
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / step) * step;
}

/**
 * ns/op per runtime: a thick bar over the middle half of the trials
 * (p25–p75), a diamond at the median, and a thin bar from the fastest to the
 * slowest trial, cut at {@link WHISKER_CLIP}× the largest p75. `note` says
 * where the axis was cut and how slow the slowest trial was, or is empty.
 */
export function speedChart(cells: readonly Cell[]): { config: unknown; note: string } {
  const timed = cells.filter((c) => c.result.timing?.nsPerOp?.median != null);
  const ns = (c: Cell) => c.result.timing!.nsPerOp!;
  const top = Math.max(...timed.map((c) => ns(c).p75 ?? ns(c).median!));
  const slowest = timed.reduce((a, b) => ((ns(b).max ?? 0) > (ns(a).max ?? 0) ? b : a));
  const clipAt = roundUp(WHISKER_CLIP * top);
  const clipped = (ns(slowest).max ?? 0) > clipAt;
  const note = clipped
    ? `The thin bars are cut at ${formatNumber(clipAt)} ns/op (${WHISKER_CLIP}× the largest p75): the slowest trial took ${formatNumber(ns(slowest).max)} ns/op, on ${slowest.runtime}.`
    : '';
  const config = {
    type: 'bar',
    data: {
      labels: timed.map((c) => (c.speed && !c.speed.fastest ? `${c.runtime} (${c.speed.ratio.toFixed(1)}×)` : `${c.runtime} (fastest)`)),
      datasets: [
        {
          label: 'middle half of the trials (p25–p75)',
          data: timed.map((c) => [ns(c).p25, ns(c).p75]),
          backgroundColor: 'rgba(9, 105, 218, 0.55)',
          grouped: false,
          barPercentage: 0.7,
          order: 2,
        },
        {
          label: clipped ? `fastest to slowest trial (cut at ${formatNumber(clipAt)})` : 'fastest to slowest trial',
          data: timed.map((c) => [ns(c).min, ns(c).max]),
          backgroundColor: 'rgba(87, 96, 106, 0.35)',
          grouped: false,
          barPercentage: 0.15,
          order: 3,
        },
        {
          type: 'line',
          label: 'median',
          data: timed.map((c) => ns(c).median),
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 7,
          pointBackgroundColor: '#1f2328',
          borderColor: '#1f2328',
          order: 1,
        },
      ],
    },
    options: {
      ...HORIZONTAL_BARS,
      scales: {
        x: {
          beginAtZero: true,
          ...(clipped && { max: clipAt }),
          title: { display: true, text: 'nanoseconds per operation (shorter is faster)' },
        },
      },
    },
  };
  return { config, note };
}
