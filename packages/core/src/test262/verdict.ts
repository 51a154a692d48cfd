/**
 * test262's rules for one run of a test (INTERPRETING.md, "Test Results"),
 * and the racelab result a test file becomes: one row, with each mode's
 * verdict, message and duration.
 */
import type { ExperimentResult, Test262Test, Verdict } from '../schema.js';
import { wilson } from '../stats.js';

export type Mode = Test262Test['modes'][number];

/** How one run of a test ended, before the rules judge it. */
export type Ending =
  /** The script ran to its end (a synchronous test), or printed `Test262:AsyncTestComplete`. */
  | { readonly kind: 'completed' }
  /** An uncaught exception in the main script (`name`: the thrown value's constructor name). */
  | { readonly kind: 'threw'; readonly name: string | undefined; readonly message: string }
  /** `$DONE(error)`: the test printed `Test262:AsyncTestFailure:<message>`. */
  | { readonly kind: 'async-failure'; readonly message: string }
  /** An agent threw, or the host could not run the test. */
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export type ModeResult = NonNullable<ExperimentResult['test262']>['modes'][number];

/** Judges one run as test262 defines it. */
export function judge(test: Test262Test, mode: Mode, ending: Ending, durationMs: number): ModeResult {
  const result = (verdict: Verdict, message?: string): ModeResult => ({ mode, verdict, ...(message !== undefined && { message }), durationMs });
  const { negative } = test;
  switch (ending.kind) {
    case 'completed':
      return negative ? result('fail', `Expected ${negative.type} to be thrown (${negative.phase} phase), but the test completed`) : result('pass');
    case 'threw':
      // "negative": the test passes if it throws an error of exactly that type.
      if (negative && ending.name === negative.type) return result('pass');
      return result('fail', negative ? `Expected ${negative.type} (${negative.phase} phase), but got ${ending.message}` : ending.message);
    case 'async-failure':
    case 'failed':
      return result('fail', ending.message);
    case 'error':
    case 'timeout':
      return result(ending.kind, ending.message);
    case 'skipped':
      return result('skipped', ending.reason);
  }
}

/** The worst verdict first: a file fails if any mode failed. */
const SEVERITY: readonly Verdict[] = ['fail', 'error', 'timeout', 'pass', 'skipped'];

/**
 * A test file's row: verdict of its worst mode (skipped only if every mode
 * was), each mode as an outcome (`strict: pass`), and why any mode did not pass.
 */
export function test262Result(test: Test262Test, modes: readonly ModeResult[], elapsedMs: number, actors: number): ExperimentResult {
  const verdict = SEVERITY.find((v) => modes.some((m) => m.verdict === v)) ?? 'skipped';
  const ran = modes.filter((m) => m.verdict !== 'skipped');
  const notPassed = modes.filter((m) => m.verdict !== 'pass' && m.message !== undefined);
  const failed = ran.filter((m) => m.verdict !== 'pass').length;
  const reason =
    verdict === 'skipped'
      ? modes[0]?.message
      : notPassed.length > 0
        ? notPassed.map((m) => `${m.mode}: ${m.message}`).join('; ')
        : undefined;
  return {
    id: test.id,
    title: test.title,
    params: {},
    actors,
    instances: 1,
    trials: ran.length,
    warmup: 0,
    timeoutMs: test.timeoutMs,
    verdict,
    ...(reason !== undefined && { reason }),
    histogram: ran.map((m) => ({ outcome: `${m.mode}: ${m.verdict}`, count: 1, class: m.verdict === 'pass' ? 'acceptable' : 'forbidden' })),
    distinct: ran.length,
    deterministic: new Set(ran.map((m) => m.verdict)).size <= 1,
    rates: { interesting: wilson(0, ran.length), forbidden: wilson(failed, ran.length) },
    test262: { file: test.file, modes: [...modes] },
    timing: null,
    elapsedMs,
  };
}
