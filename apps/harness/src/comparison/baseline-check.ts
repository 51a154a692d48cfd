/**
 * The baseline regression check behind `racelab compare <baseline> <current>`:
 * what changed between two runs, per experiment and runtime, and whether any
 * of it is a regression CI should stop on. (The comparison across runtimes of
 * one run is runtime-comparison.ts.)
 *
 * - A verdict change always counts: to `pass` is an improvement, any other
 *   change (pass → fail, pass → timeout, fail → error, ...) a regression.
 * - A speed change counts only when it is both significant and large. The
 *   documents carry summaries, not samples, so significance is decided with
 *   the approximate 95% intervals of the two ns/op medians (see
 *   `median-interval.ts`): they must not overlap. Large means the medians
 *   differ by more than the threshold (default 10%).
 * - Interesting outcomes that appear or vanish, and experiments or runtimes
 *   present on one side only, are reported but never gate.
 */
import { type ExperimentResult, type ResultDocument, ran } from '@racelab/core';
import { medianInterval } from './median-interval.js';
import { columnName } from '../documents/document.js';

export type ChangeKind = 'verdict' | 'speed' | 'outcome' | 'missing' | 'new';
export type Direction = 'regression' | 'improvement' | 'note';

export interface Change {
  readonly runtime: string;
  readonly experiment: string;
  readonly kind: ChangeKind;
  readonly direction: Direction;
  readonly text: string;
}

export interface BaselineCheck {
  readonly threshold: number;
  readonly changes: readonly Change[];
  readonly regressions: number;
  readonly improvements: number;
  /** Pairs of (runtime, experiment) found on both sides. */
  readonly compared: number;
  /** Differences of machine or runtime version that make speed comparisons weaker. */
  readonly caveats: readonly string[];
}

/**
 * Compares `current` with `baseline`, matching documents by runtime and
 * results by experiment id. `threshold` is a fraction (0.1 = 10%).
 */
export function checkBaseline(
  baseline: readonly ResultDocument[],
  current: readonly ResultDocument[],
  threshold = 0.1,
): BaselineCheck {
  const changes: Change[] = [];
  const caveats: string[] = [];
  let compared = 0;
  for (const before of baseline) {
    // Documents pair up by column: runtime and forced tier.
    const runtime = columnName(before, baseline);
    const after = current.find((d) => columnName(d, current) === runtime);
    if (!after) {
      changes.push({ runtime, experiment: '*', kind: 'missing', direction: 'note', text: `no ${runtime} document in current` });
      continue;
    }
    if (before.runtime.version !== after.runtime.version) {
      caveats.push(`${runtime} version changed: ${before.runtime.version} → ${after.runtime.version}`);
    }
    if (before.machine.cpuModel !== after.machine.cpuModel || before.machine.cpus !== after.machine.cpus) {
      caveats.push(
        `${runtime} ran on another machine: ${before.machine.cpus}× ${before.machine.cpuModel} → ` +
          `${after.machine.cpus}× ${after.machine.cpuModel}; speed changes may be the machine's`,
      );
    }
    for (const b of before.experiments) {
      const a = after.experiments.find((e) => e.id === b.id);
      if (!a) {
        changes.push({ runtime, experiment: b.id, kind: 'missing', direction: 'note', text: 'not in current' });
        continue;
      }
      compared += 1;
      changes.push(...compareResults(runtime, b, a, threshold));
    }
    for (const a of after.experiments) {
      if (!before.experiments.some((e) => e.id === a.id)) {
        changes.push({ runtime, experiment: a.id, kind: 'new', direction: 'note', text: 'not in baseline' });
      }
    }
  }
  for (const after of current) {
    const runtime = columnName(after, current);
    if (!baseline.some((d) => columnName(d, baseline) === runtime)) {
      changes.push({ runtime, experiment: '*', kind: 'new', direction: 'note', text: `no ${runtime} document in baseline` });
    }
  }
  return {
    threshold,
    changes,
    regressions: changes.filter((c) => c.direction === 'regression').length,
    improvements: changes.filter((c) => c.direction === 'improvement').length,
    compared,
    caveats: [...new Set(caveats)],
  };
}

function compareResults(runtime: string, before: ExperimentResult, after: ExperimentResult, threshold: number): Change[] {
  const changes: Change[] = [];
  const experiment = before.id;
  if (before.verdict !== after.verdict) {
    changes.push({
      runtime,
      experiment,
      kind: 'verdict',
      direction: after.verdict === 'pass' ? 'improvement' : 'regression',
      text: `verdict ${before.verdict} → ${after.verdict}${after.reason && after.verdict !== 'pass' ? ` (${after.reason.split('\n')[0]})` : ''}`,
    });
  }
  if (!ran(before.verdict) || !ran(after.verdict)) return changes;
  const speed = speedChange(before, after, threshold);
  if (speed) changes.push({ runtime, experiment, ...speed });
  const seen = (r: ExperimentResult) => r.rates.interesting.count > 0;
  if (seen(before) !== seen(after)) {
    const gone = seen(before);
    const r = gone ? after.rates.interesting : before.rates.interesting;
    changes.push({
      runtime,
      experiment,
      kind: 'outcome',
      direction: 'note',
      text: gone
        ? `interesting outcomes no longer seen (0 in ${r.total} trials; were ${pct(before.rates.interesting.rate)})`
        : `interesting outcomes now seen (${pct(after.rates.interesting.rate)}; were 0 in ${r.total} trials)`,
    });
  }
  return changes;
}

/** A significant ns/op change larger than `threshold`, or null. */
function speedChange(
  before: ExperimentResult,
  after: ExperimentResult,
  threshold: number,
): { kind: 'speed'; direction: Direction; text: string } | null {
  const b = medianInterval(before.timing?.nsPerOp);
  const a = medianInterval(after.timing?.nsPerOp);
  if (!a || !b || b.median <= 0) return null;
  const change = a.median / b.median - 1;
  const overlap = a.low <= b.high && b.low <= a.high;
  if (overlap || Math.abs(change) <= threshold) return null;
  const slower = change > 0;
  return {
    kind: 'speed',
    direction: slower ? 'regression' : 'improvement',
    text:
      `${slower ? 'slower' : 'faster'} by ${Math.abs(change * 100).toFixed(0)}%: ns/op ${fmt(b.median)} → ${fmt(a.median)} ` +
      `(95% intervals ${fmt(b.low)}–${fmt(b.high)} and ${fmt(a.low)}–${fmt(a.high)} do not overlap)`,
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '∞');
const pct = (x: number | null) => (x === null ? '–' : `${Number((x * 100).toPrecision(2))}%`);
