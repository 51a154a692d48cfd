/**
 * Counting outcomes in the leader after every trial, once per instance. Two
 * ways: experiments that name their outcomes (litmus tests: a small integer
 * code per outcome) count into a typed array, with no allocation and no hash
 * on the hot path; any other outcome value goes into a Map.
 */
import type { OutcomeValue, TrialContext } from './experiment.js';

type Outcome = (ctx: TrialContext<any, any>) => OutcomeValue;

/**
 * Counts the outcome of each instance by its code, `counts[code]++`. An
 * outcome that is not a number (a generated litmus test names an outcome
 * outside its table by its text, e.g. one the memory model forbids) is
 * counted by value in `others`; a number that is not a code throws.
 */
export function tallyCodes(
  outcome: Outcome,
  ctx: TrialContext<any, any>,
  instances: number,
  counts: Float64Array,
  others: Map<OutcomeValue, number>,
): void {
  const size = counts.length;
  for (let i = 0; i < instances; i++) {
    ctx.instance = i;
    const code = outcome(ctx);
    // `code >>> 0 === code` is true only for integers in [0, 2^32).
    if ((code as number) >>> 0 === code && (code as number) < size) counts[code as number]!++;
    else countOther(code, counts, others);
  }
}

/** Counts a trial's outcomes with the experiment's own `tally` (see Experiment.tally): as tallyCodes, in one call. */
export function tallyWhole(
  tally: (ctx: TrialContext<any, any>, instances: number, counts: Float64Array, other: (outcome: OutcomeValue) => void) => void,
  ctx: TrialContext<any, any>,
  instances: number,
  counts: Float64Array,
  others: Map<OutcomeValue, number>,
): void {
  tally(ctx, instances, counts, (outcome) => countOther(outcome, counts, others));
}

/** An outcome that did not go straight into `counts`: a code after all, a value for `others`, or a number out of range (throws). */
function countOther(outcome: OutcomeValue, counts: Float64Array, others: Map<OutcomeValue, number>): void {
  const size = counts.length;
  if ((outcome as number) >>> 0 === outcome && (outcome as number) < size) counts[outcome as number]!++;
  else if (typeof outcome !== 'number') {
    const seen = others.get(outcome);
    others.set(seen === undefined ? checkOutcome(outcome) : outcome, (seen ?? 0) + 1);
  } else throw new RangeError(`Cannot record outcome as it must be a code from 0 to ${size - 1}: received ${String(outcome)}`);
}

/** Counts the outcome of each instance by value; the first sighting of a value checks that it can be reported. */
export function tallyValues(
  outcome: Outcome,
  ctx: TrialContext<any, any>,
  instances: number,
  histogram: Map<OutcomeValue, number>,
): void {
  for (let i = 0; i < instances; i++) {
    ctx.instance = i;
    const value = outcome(ctx);
    const seen = histogram.get(value);
    if (seen === undefined) histogram.set(checkOutcome(value), 1);
    else histogram.set(value, seen + 1);
  }
}

/** The non-zero counts of a code tally, as histogram entries. */
export function codeEntries(counts: Float64Array): [OutcomeValue, number][] {
  const entries: [OutcomeValue, number][] = [];
  counts.forEach((count, code) => {
    if (count > 0) entries.push([code, count]);
  });
  return entries;
}

function checkOutcome(value: unknown): OutcomeValue {
  const type = typeof value;
  if ((type === 'number' && Number.isFinite(value)) || type === 'string' || type === 'boolean' || type === 'bigint') {
    return value as OutcomeValue;
  }
  throw new TypeError(
    `Cannot record outcome as it must be a finite number, a string or a boolean: received ${describeValue(value)} (a bigint is allowed too)`,
  );
}

function describeValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'object';
}
