/**
 * How sure we are of a median when all we have is its summary.
 *
 * Result documents carry only a summary of each timing distribution (median,
 * p25, p75, min, max, mean, rme, samples), not the samples, so a rank test
 * such as Mann-Whitney cannot be run on them. Instead every comparison of
 * speed in racelab uses an approximate 95% interval of the median:
 *
 *   median ± 1.96 · 1.2533 · σ / √n,   σ ≈ IQR / 1.349
 *
 * 1.2533·σ/√n is the asymptotic standard error of a sample median (√(π/2)·σ/√n
 * for a normal distribution) and IQR/1.349 is a robust estimate of σ that
 * ignores the outliers timing samples always have. Two medians differ
 * significantly when their intervals do not overlap, which is conservative
 * (at the 95% level each, two non-overlapping intervals mean p < 0.01).
 */
import type { ExperimentResult } from '@racelab/core';

/** A timing summary as a result document carries it (null statistics when empty). */
export type TimingSummary = NonNullable<NonNullable<ExperimentResult['timing']>['nsPerOp']>;

export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

/** 1.96 (two-sided 95%) × √(π/2) (median's standard error) ÷ 1.349 (σ from the IQR). */
const HALF_WIDTH_PER_IQR = (1.959964 * Math.sqrt(Math.PI / 2)) / 1.349;

/** The approximate 95% interval of the median of `summary`, or null when there is no median. */
export function medianInterval(summary: TimingSummary | null | undefined): Interval | null {
  if (!summary || summary.median === null) return null;
  const { median, p25, p75, min, max, samples } = summary;
  // One sample says nothing about spread: the interval is unbounded.
  if (samples < 2 || p25 === null || p75 === null) return { median, low: 0, high: Number.POSITIVE_INFINITY };
  const half = (HALF_WIDTH_PER_IQR * (p75 - p25)) / Math.sqrt(samples);
  return {
    median,
    low: Math.max(min ?? Number.NEGATIVE_INFINITY, median - half),
    high: Math.min(max ?? Number.POSITIVE_INFINITY, median + half),
  };
}

/**
 * The ratio of two medians `a / b` with a conservative interval: the smallest
 * and largest ratio the two intervals allow.
 */
export function ratioInterval(a: Interval, b: Interval): { ratio: number; low: number; high: number } {
  return {
    ratio: a.median / b.median,
    low: b.high > 0 ? a.low / b.high : 0,
    high: b.low > 0 ? a.high / b.low : Number.POSITIVE_INFINITY,
  };
}
