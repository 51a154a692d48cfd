/**
 * Summary statistics for timing samples and outcome rates. Small and
 * dependency-free because it runs inside every runtime under test.
 */

/** A distribution summary: median with quartiles and extremes, and the relative margin of error of the mean. */
export interface Summary {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Half-width of the 95% confidence interval of the mean, in percent of the mean. */
  readonly rme: number;
  readonly samples: number;
}

/**
 * The q-quantile of sorted `values` (linear interpolation between closest
 * ranks, R's type 7 and NumPy's default).
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  return a + (sorted[upper]! - a) * (position - lower);
}

/**
 * Summarises samples.
 *
 * @example
 * ```ts
 * summarize([3, 1, 2]).median; // 2
 * ```
 */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = n > 0 ? sum / n : Number.NaN;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const sem = n > 0 ? sd / Math.sqrt(n) : Number.NaN;
  const rme = n > 1 && mean !== 0 ? ((studentT975(n - 1) * sem) / Math.abs(mean)) * 100 : 0;
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: n > 0 ? sorted[0]! : Number.NaN,
    max: n > 0 ? sorted[n - 1]! : Number.NaN,
    mean,
    rme,
    samples: n,
  };
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 97.5% quantile of Student's t with `df` degrees of freedom (normal approximation above 30). */
export function studentT975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[df - 1]!;
  // Cornish-Fisher expansion around the normal quantile; error < 0.001 for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** A proportion with its 95% interval. */
export interface Rate {
  readonly count: number;
  readonly total: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson score interval (95%) for `count` successes in `total` trials. It
 * behaves well for rare events; when `count` is 0 the upper bound is close to
 * the "rule of three" 3/n.
 *
 * @example
 * ```ts
 * wilson(0, 1000).high; // ≈ 0.0038
 * ```
 */
export function wilson(count: number, total: number): Rate {
  if (total === 0) return { count, total, rate: Number.NaN, low: 0, high: 1 };
  const z = 1.959964;
  const p = count / total;
  const z2n = (z * z) / total;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / (1 + z2n);
  // At the edges the interval touches 0 or 1 exactly (rounding would leave 1e-19).
  const low = count === 0 ? 0 : Math.max(0, centre - half);
  const high = count === total ? 1 : Math.min(1, centre + half);
  return { count, total, rate: p, low, high };
}
