/**
 * Turns what a run's leader tallied into an experiment result: the classified
 * histogram, the verdict, rates with intervals and timing statistics.
 */
import type { AlignSummary } from './align-tuner.js';
import {
  type AnyExperiment,
  type OutcomeValue,
  type ParamValue,
  type Params,
  classifyOutcome,
  instancesOf,
  outcomeNamesOf,
} from './experiment.js';
import { type BigIntJson, decodeRecord, encodeRecord, formatValue, toJsonValue } from './json-value.js';
import type { ExperimentResult, PlanEntry, Verdict } from './schema.js';
import { type Summary, summarize, wilson } from './stats.js';

/** The raw tallies of one run, as the leader reported them. */
export interface RawRun {
  readonly histogram: readonly (readonly [OutcomeValue, number])[];
  readonly samples: Float64Array;
  readonly trials: number;
  /** Wall time of the counted trials, bookkeeping included. */
  readonly elapsedMs: number;
  /** Counted trials that passed their deadline, and how often each actor was still running then. */
  readonly hung?: { readonly trials: number; readonly stillRunning: readonly number[]; readonly stoppedEarly?: string };
  /** How the rendezvous delay was tuned (the last run's, when a hung trial split the experiment into runs). */
  readonly align?: AlignSummary;
}

/** Builds the result of a completed run. Classification runs once per distinct outcome. */
export function summarizeRun(
  definition: AnyExperiment,
  params: Params,
  entry: PlanEntry,
  raw: RawRun,
  elapsedMs: number,
): ExperimentResult {
  const names = outcomeNamesOf(definition, params);
  const sorted = [...raw.histogram].sort(([a], [b]) => compareOutcomes(a, b));
  const histogram = sorted.map(([outcome, count]) => ({
    outcome: names && typeof outcome === 'number' ? names[outcome]! : toJsonValue(outcome),
    count,
    class: classifyOutcome(definition, outcome, params),
  }));
  const total = histogram.reduce((sum, h) => sum + h.count, 0);
  const countOf = (c: string) => histogram.filter((h) => h.class === c).reduce((sum, h) => sum + h.count, 0);
  const forbidden = histogram.filter((h) => h.class === 'forbidden').sort((a, b) => b.count - a.count);
  // Outcomes the actors give when they run one after another (litmus tests): any other needs them to overlap.
  const serialNames = definition.model?.outcomes.filter((o) => o.serial).map((o) => o.outcome);
  const serial = serialNames && serialNames.length > 0 ? new Set<unknown>(serialNames) : undefined;
  const verdict: Verdict = forbidden.length > 0 ? 'fail' : 'pass';
  const ops = definition.ops?.(params);
  // Trials too short for the clock are timed in groups of consecutive trials.
  const grouped = timeableTrials(raw.samples);
  const nsPerOp = ops && grouped.perTrial ? Array.from(grouped.perTrial, (ms) => (ms * 1e6) / ops) : null;
  const nsSummary = nsPerOp ? finite(summarize(nsPerOp)) : null;
  return {
    ...base(definition, params, entry),
    trials: raw.trials,
    verdict,
    ...(verdict === 'fail' && {
      reason:
        forbidden.length === 1
          ? `forbidden outcome ${show(forbidden[0]!.outcome)} seen ${forbidden[0]!.count} times in ${total} samples`
          : `${countOf('forbidden')} of ${total} samples forbidden, in ${forbidden.length} distinct outcomes; ` +
            `most frequent ${show(forbidden[0]!.outcome)} (${forbidden[0]!.count} times)`,
    }),
    histogram,
    distinct: histogram.length,
    deterministic: histogram.length === 1,
    rates: {
      interesting: wilson(countOf('interesting'), total),
      forbidden: wilson(countOf('forbidden'), total),
      ...(serial && { overlap: wilson(total - histogram.filter((h) => serial.has(h.outcome)).reduce((sum, h) => sum + h.count, 0), total) }),
    },
    ...(raw.hung && { hung: { ...raw.hung, stillRunning: [...raw.hung.stillRunning] } }),
    ...(raw.align && { align: { delay: raw.align.delay, tries: { ...raw.align.tries } } }),
    ...(definition.measure && {
      measure: {
        label: definition.measure.label,
        unit: definition.measure.unit ?? 'number',
        // Of the outcome as the experiment returned it (the code, when outcomes are named), like expect.
        value: nullIfNaN(sorted.reduce((sum, [outcome, count]) => sum + definition.measure!.of(outcome, params) * count, 0) / total),
      },
    }),
    timing:
      raw.samples.length === 0
        ? null
        : {
            trialMs: finite(summarize(raw.samples)),
            nsPerOp: nsSummary,
            ...(grouped.group && { group: grouped.group }),
            ...(ops && grouped.withheld && { withheld: grouped.withheld }),
            opsPerSec: nsSummary?.median ? 1e9 / nsSummary.median : null,
            // Samples (trials × instances) per second of wall time, barriers,
            // resets and tallying included: the rate a litmus test samples at.
            samplesPerSec: raw.elapsedMs > 0 ? (total / raw.elapsedMs) * 1000 : null,
            // What a litmus test is run for: weak outcomes found per second.
            interestingPerSec: raw.elapsedMs > 0 ? (countOf('interesting') / raw.elapsedMs) * 1000 : null,
          },
    elapsedMs,
  };
}

/** The result of a run that produced no tallies: an error, a timeout or a skip. Params may be decoded or still encoded. */
export function failedRun(
  definition: AnyExperiment | undefined,
  params: Readonly<Record<string, ParamValue | BigIntJson>>,
  entry: PlanEntry,
  verdict: Extract<Verdict, 'error' | 'timeout' | 'skipped'>,
  reason: string,
  elapsedMs: number,
): ExperimentResult {
  return {
    ...base(definition, params, entry),
    trials: 0,
    verdict,
    reason,
    histogram: [],
    distinct: 0,
    deterministic: false,
    rates: { interesting: wilson(0, 0), forbidden: wilson(0, 0) },
    timing: null,
    elapsedMs,
  };
}

function base(definition: AnyExperiment | undefined, params: Readonly<Record<string, ParamValue | BigIntJson>>, entry: PlanEntry) {
  return {
    id: entry.id,
    title: definition?.title ?? entry.id,
    ...(definition?.description !== undefined && { description: definition.description }),
    ...(definition?.outcomeLabel !== undefined && { outcomeLabel: definition.outcomeLabel }),
    ...(definition?.model !== undefined && { model: definition.model }),
    params: encodeRecord(params),
    actors: definition?.actors.length ?? 0,
    instances: definition ? instancesOf(definition, decodeRecord(params)) : 1,
    warmup: entry.warmup,
    timeoutMs: entry.timeoutMs,
    ...(entry.trialDeadlineMs != null && { trialDeadlineMs: entry.trialDeadlineMs }),
  };
}

/** Numbers and bigints ascending, then strings and booleans: the order a histogram is drawn in. */
function compareOutcomes(a: OutcomeValue, b: OutcomeValue): number {
  const numeric = (v: OutcomeValue) => typeof v === 'number' || typeof v === 'bigint';
  if (numeric(a) && numeric(b)) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  if (numeric(a) !== numeric(b)) return numeric(a) ? -1 : 1;
  return String(a).localeCompare(String(b));
}

/** An outcome in a reason: a string quoted, a bigint as `5n`. */
function show(outcome: ExperimentResult['histogram'][number]['outcome']): string {
  return typeof outcome === 'string' ? JSON.stringify(outcome) : formatValue(outcome);
}

function nullIfNaN(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Clock steps a group of trials should span: its time is then good to about 1/√200 ≈ 7%. */
const GROUP_STEPS = 200;
/** Fewer steps per group than this and a group's time is mostly the clock's rounding (1/√25 = 20%). */
const MIN_GROUP_STEPS = 25;
/** Groups wanted at least, for a median and quartiles. */
const MIN_GROUPS = 8;

/**
 * The trial times to take statistics of. A trial shorter than the clock's
 * step reads as 0 or one step (browsers coarsen performance.now to 5-100
 * µs): when a quarter of the trials read 0, their quantiles describe the
 * clock, not the code. The steps fall at random relative to a trial's start,
 * so a reading is one step with a probability of the trial's share of a step,
 * and the sum over consecutive trials is their true total to within about
 * √(steps spanned) steps: groups of trials that span GROUP_STEPS steps each
 * are timed by their sums, and each group gives a per-trial time. Only the
 * leader's per-trial clock reads go in, so barriers and resets between the
 * trials are not counted. `group` is how many trials a group holds;
 * `withheld` says why there is no figure when even the whole run spans too
 * few steps.
 */
export function timeableTrials(samples: Float64Array): { perTrial?: ArrayLike<number>; group?: number; withheld?: string } {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0 || sorted[Math.floor(sorted.length / 4)]! > 0) return { perTrial: samples };
  const positive = sorted.filter((ms) => ms > 0);
  // Most readings above 0 are one step: their median is the step.
  const step = positive[Math.floor(positive.length / 2)];
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  const steps = step ? total / step : 0;
  const groups = Math.min(samples.length, Math.max(MIN_GROUPS, Math.floor(steps / GROUP_STEPS)));
  if (steps / groups < MIN_GROUP_STEPS) {
    return {
      withheld: `the trials are shorter than the clock's step and together span ${Math.round(steps)} steps; ${MIN_GROUPS * MIN_GROUP_STEPS} are needed (run more trials)`,
    };
  }
  const group = Math.floor(samples.length / groups);
  const perTrial = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let sum = 0;
    for (let i = g * group; i < (g + 1) * group; i++) sum += samples[i]!;
    perTrial[g] = sum / group;
  }
  return { perTrial, group };
}

/** JSON has no NaN: an undefined statistic is null. */
function finite(s: Summary): NonNullable<ExperimentResult['timing']>['trialMs'] {
  return {
    median: nullIfNaN(s.median),
    p25: nullIfNaN(s.p25),
    p75: nullIfNaN(s.p75),
    min: nullIfNaN(s.min),
    max: nullIfNaN(s.max),
    mean: nullIfNaN(s.mean),
    rme: nullIfNaN(s.rme),
    samples: s.samples,
  };
}
