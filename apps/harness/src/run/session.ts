/**
 * Runs a suite on each requested runtime, one host at a time so that hosts do
 * not steal each other's cores, and turns the event streams into result
 * documents. Nothing here throws for a runtime's failure: it becomes data.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type ExperimentResult, type Plan, type ResultDocument, type RuntimeLauncher, type Tier, failedRun, test262Result } from '@racelab/core';
import { parseHostEvent } from '@racelab/core/schema';
import { columnName, newDocument, recordResult, writeDocumentFolder } from '../documents/document.js';
import { writeJsonAtomic } from '../documents/write.js';
import { EXIT, exitCodeOf } from '../exit-codes.js';
import type { SuiteEntry } from '../plugins/suite.js';
import { DEFAULT_MAX_MEMORY_BYTES, type PlanOptions, buildPlan } from './plan.js';
import type { Reporter } from './reporter.js';
import { type StopRequest, stopConditions } from './stop-conditions.js';

/** Extra time a silent host gets beyond its experiment's own timeout before it is killed. */
const HOST_GRACE_MS = 15_000;
/** Time a host has to start and say hello. */
const HELLO_TIMEOUT_MS = 60_000;
/**
 * Time a host has to exit after `done`. A worker that terminate() could not
 * stop (Deno was seen to keep a busy-looping worker alive after terminate)
 * keeps its process running: it is killed, and its results still count.
 */
const EXIT_GRACE_MS = 5_000;

/** Where a plan runs and where its documents go. */
export interface RunTargets {
  readonly runtimes: readonly RuntimeLauncher[];
  /** JIT tiers to run each runtime in (`--tier`); undefined stands for the runtime's default. Default: the default only. */
  readonly tiers?: readonly (Tier | undefined)[];
  /** Where to keep the documents (a JSON array), rewritten after every result. */
  readonly jsonPath?: string;
  /** A folder for one document per runtime (`<runtime>.json`), each rewritten after every result. */
  readonly outDir?: string;
  readonly reporter: Reporter;
  /** Stops the whole run after this long; what did not finish becomes a `timeout`. */
  readonly maxTimeMs?: number | null;
  /** Aborted, with the signal's name as the reason, when the user interrupts the run. */
  readonly signal?: AbortSignal;
  /** Called with each result as it arrives, before it is saved (e.g. to mark known failures). */
  readonly annotate?: (result: ExperimentResult, runtime: RuntimeLauncher['id']) => ExperimentResult;
}

/** A run: what to run (see {@link PlanOptions}), where, and where the documents go. */
export interface RunOptions extends PlanOptions, RunTargets {}

/** Runs the plan on every runtime; returns one document per runtime and the exit code. */
export async function runSuite(options: RunOptions): Promise<{ documents: ResultDocument[]; exitCode: number }> {
  const plan = buildPlan(options);
  // Recorded in every document, so that a result can be reproduced with the same settings.
  const settings: NonNullable<ResultDocument['settings']> = {
    warmup: options.warmup,
    spinMs: options.spinMs ?? null,
    timeoutMs: options.timeoutMs,
    ...(options.trialDeadlineMs != null && { trialDeadlineMs: options.trialDeadlineMs }),
    maxMemoryBytes: options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES,
    workerHeapMiB: plan.workerHeapMiB!,
  };
  return runPlan(plan, options.entries, settings, options);
}

/** Runs a built plan (experiments, test262 tests or both) on every runtime of `options`. */
export async function runPlan(
  plan: Plan,
  entries: readonly SuiteEntry[],
  settings: NonNullable<ResultDocument['settings']>,
  options: RunTargets,
): Promise<{ documents: ResultDocument[]; exitCode: number }> {
  const documents: ResultDocument[] = [];
  const save = () => {
    if (options.jsonPath) writeJsonAtomic(options.jsonPath, documents);
    if (options.outDir) writeDocumentFolder(options.outDir, documents);
  };
  const stopping = stopConditions(options);
  try {
    for (const target of runTargets(options.runtimes, options.tiers)) {
      const { launcher } = target;
      const request = stopping.signal.aborted ? (stopping.signal.reason as StopRequest) : undefined;
      if (request?.interrupted) break;
      const document = newDocument(launcher.id, settings, target.tier, launcher.version);
      documents.push(document);
      const context: RuntimeRun = { target, plan, entries, document, reporter: options.reporter, save, stopping: stopping.signal, annotate: options.annotate };
      if (request) {
        document.incomplete = request.reason;
        finishAll(context, 'timeout', `not run: ${request.reason}`);
      } else {
        await runOnRuntime(context);
      }
      // Tests that run at once (test262) finish in any order: reports list them as planned.
      document.experiments.sort((a, b) => indexOf(plan, a.id) - indexOf(plan, b.id));
      save();
      options.reporter.runtimeEnd(document);
    }
  } finally {
    stopping.dispose();
  }
  save();
  const interrupted = stopping.signal.aborted && (stopping.signal.reason as StopRequest).interrupted;
  return { documents, exitCode: interrupted ? EXIT.INTERRUPTED : exitCodeOf(documents) };
}

/** One column of a run: a runtime, in its default configuration or held to a JIT tier. */
interface RunTarget {
  readonly launcher: RuntimeLauncher;
  readonly tier?: Tier;
  /** As reports name the column: `node`, `node·interpreter`. */
  readonly name: string;
}

/** Every runtime in every tier asked for, runtime by runtime, named as their columns will be (`node@22.12.0` beside `node@20.18.0`). */
function runTargets(runtimes: readonly RuntimeLauncher[], tiers: readonly (Tier | undefined)[] = [undefined]): RunTarget[] {
  const targets = runtimes.flatMap((launcher) => tiers.map((tier) => ({ launcher, ...(tier && { tier }) })));
  const columns = targets.map(({ launcher, tier }) => ({ runtime: { id: launcher.id, version: launcher.version ?? 'default', engine: '' }, tier }));
  return targets.map((target, i) => ({ ...target, name: columnName(columns[i]!, columns) }));
}

/** One runtime's part of a run: what it runs and where its results go. */
interface RuntimeRun {
  readonly target: RunTarget;
  readonly plan: Plan;
  readonly entries: readonly SuiteEntry[];
  readonly document: ResultDocument;
  readonly reporter: Reporter;
  readonly save: () => void;
  readonly stopping: AbortSignal;
  readonly annotate: RunTargets['annotate'];
}

/** The part of `plan` that `document` has no result for yet. */
function remainingPlan(plan: Plan, document: ResultDocument): Plan {
  const done = new Set(document.experiments.map((e) => e.id));
  return {
    ...plan,
    experiments: plan.experiments.filter((entry) => !done.has(entry.id)),
    ...(plan.test262 && { test262: { ...plan.test262, tests: plan.test262.tests.filter((test) => !done.has(test.id)) } }),
  };
}

/** How many results a plan will give. */
function planSize(plan: Plan): number {
  return plan.experiments.length + (plan.test262?.tests.length ?? 0);
}

function record(run: RuntimeRun, result: ExperimentResult): ExperimentResult {
  const annotated = run.annotate ? run.annotate(result, run.target.launcher.id) : result;
  recordResult(run.document, annotated);
  return annotated;
}

/** Records everything of the plan that the document has no result for, with `verdict` and `reason`. */
function finishAll(run: RuntimeRun, verdict: 'error' | 'skipped' | 'timeout', reason: string): void {
  const left = remainingPlan(run.plan, run.document);
  for (const entry of left.experiments) {
    const definition = run.entries.find((e) => e.definition.id === entry.id)?.definition;
    record(run, failedRun(definition, entry.params, entry, verdict, reason, 0));
  }
  for (const test of left.test262?.tests ?? []) {
    record(run, test262Result(test, test.modes.map((mode) => ({ mode, verdict, message: reason, durationMs: 0 })), 0, 0));
  }
}

async function runOnRuntime(run: RuntimeRun): Promise<void> {
  const { launcher, name, tier } = run.target;
  const availability = await launcher.detect();
  if (!availability.available) {
    const reason = `${availability.reason}; install it with: ${availability.install}`;
    run.reporter.runtimeSkipped(name, reason);
    finishAll(run, 'skipped', reason);
    return;
  }
  if (tier && !launcher.tiers[tier]) {
    const reason = `${launcher.id} cannot be forced into the ${tier} tier (see racelab doctor)`;
    run.reporter.runtimeSkipped(name, reason);
    finishAll(run, 'skipped', reason);
    return;
  }
  run.reporter.runtimeStart(name);
  // A host is restarted, for what is left, only when its runtime asks for it
  // after a timeout (see RuntimeLauncher.restartAfterTimeout).
  for (;;) {
    const left = remainingPlan(run.plan, run.document);
    if (planSize(left) === 0) return;
    const ended = await runSession(run, left);
    if (ended !== 'restart') return;
    run.reporter.log(name, 'info', 'restarting the host after a timeout or a hung trial, so that no stuck worker keeps running');
  }
}

/** How long the host may stay silent while `id` runs: its timeout (each mode's, for a test262 test), and a grace period. */
function silenceLimitMs(plan: Plan, id: string): number {
  const entry = plan.experiments.find((e) => e.id === id);
  if (entry) return entry.timeoutMs + HOST_GRACE_MS;
  const test = plan.test262?.tests.find((t) => t.id === id);
  return (test ? test.timeoutMs * test.modes.length : HELLO_TIMEOUT_MS) + HOST_GRACE_MS;
}

/** The position of `id` in the plan, for progress lines. */
function indexOf(plan: Plan, id: string): number {
  const i = plan.experiments.findIndex((e) => e.id === id);
  return i >= 0 ? i : plan.experiments.length + (plan.test262?.tests.findIndex((t) => t.id === id) ?? 0);
}

/** Runs `sessionPlan` (the part of the run's plan not yet run) on one host, to its end. */
async function runSession(run: RuntimeRun, sessionPlan: Plan): Promise<'finished' | 'restart'> {
  const { plan, document, reporter, save, stopping } = run;
  const { launcher, tier, name } = run.target;
  let session: Awaited<ReturnType<RuntimeLauncher['start']>>;
  try {
    session = await launcher.start(sessionPlan, tier);
  } catch (error) {
    const reason = `could not start the ${name} host: ${(error as Error).message}`;
    document.incomplete = reason;
    finishAll(run, 'error', reason);
    return 'finished';
  }

  let failure: string | undefined;
  let done = false;
  let restart = false;
  // Stopped early: the host and all it started go; the loop below then ends.
  const onStop = () => void session.stop();
  if (stopping.aborted) onStop();
  stopping.addEventListener('abort', onStop, { once: true });
  let limitMs = HELLO_TIMEOUT_MS;
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      failure = `the ${name} host sent nothing for ${Math.round(limitMs / 1000)} s and was stopped`;
      void session.stop();
    }, limitMs);
  };
  arm();
  try {
    for await (const line of session.lines) {
      if (line.trim() === '') continue;
      const parsed = parseHostEvent(line);
      if (!parsed.ok) {
        failure = `the ${name} host sent an invalid event (${parsed.error})`;
        break;
      }
      const event = parsed.event;
      switch (event.type) {
        case 'hello':
          document.runtime = event.runtime;
          document.capabilities = event.capabilities;
          break;
        case 'experiment-start':
          // Several test262 tests run at once: the longest limit of those started holds.
          limitMs = Math.max(limitMs, silenceLimitMs(plan, event.id));
          reporter.experimentStart(name, event.id, indexOf(plan, event.id), planSize(plan));
          break;
        case 'progress':
          reporter.progress(name, event.id, event.trials, event.elapsedMs);
          break;
        case 'experiment-result': {
          const result = record(run, event.result);
          save();
          reporter.experimentResult(name, result);
          // test262 tests overlap: the others still running keep the limit their start set.
          if (!plan.test262) limitMs = HELLO_TIMEOUT_MS;
          restart = (event.result.verdict === 'timeout' || event.result.hung !== undefined) && launcher.restartAfterTimeout === true;
          break;
        }
        case 'log':
          reporter.log(name, event.level, event.message);
          break;
        case 'done':
          done = true;
          break;
      }
      arm();
      if (done || restart) break;
    }
  } finally {
    clearTimeout(watchdog);
    stopping.removeEventListener('abort', onStop);
  }
  if (restart && !done && !stopping.aborted) {
    await session.stop();
    return 'restart';
  }
  if (!done && stopping.aborted) {
    await session.stop();
    const request = stopping.reason as StopRequest;
    document.incomplete = request.reason;
    // Interrupted: only what finished is kept. Out of time: what did not finish timed out.
    if (!request.interrupted) finishAll(run, 'timeout', `not finished: ${request.reason}`);
  } else if (!done) {
    await session.stop();
    const end = await session.ended;
    failure ??=
      `the ${name} host ended before finishing (exit code ${end.code ?? 'none'}` +
      `${end.signal ? `, signal ${end.signal}` : ''})${end.stderr ? `: ${end.stderr.split('\n').slice(-5).join('\n')}` : ''}`;
    document.incomplete = failure;
    finishAll(run, 'error', failure);
  } else {
    // The grace timer is cancelled once the host exits: a pending timer would
    // keep the harness itself alive for the full grace period.
    const grace = new AbortController();
    const exited = await Promise.race([
      session.ended.then(() => true),
      delay(EXIT_GRACE_MS, false, { signal: grace.signal }).catch(() => false),
    ]);
    grace.abort();
    if (!exited) {
      reporter.log(name, 'warn', `the host did not exit within ${EXIT_GRACE_MS / 1000} s of finishing and was killed`);
      await session.stop();
    }
  }
  return 'finished';
}
