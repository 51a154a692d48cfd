/**
 * Runs a suite on each requested runtime, one host at a time so that hosts do
 * not steal each other's cores, and turns the event streams into result
 * documents. Nothing here throws for a runtime's failure: it becomes data.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Plan, type ResultDocument, type RuntimeLauncher, type Tier, failedRun } from '@racelab/core';
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

/** A run: what to run (see {@link PlanOptions}), where, and where the documents go. */
export interface RunOptions extends PlanOptions {
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
}

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
      const document = newDocument(launcher.id, settings, target.tier);
      documents.push(document);
      if (request) {
        document.incomplete = request.reason;
        finishAll(document, plan, options.entries, 'timeout', `not run: ${request.reason}`);
      } else {
        await runOnRuntime(target, plan, options.entries, document, options.reporter, save, stopping.signal);
      }
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

/** Every runtime in every tier asked for, runtime by runtime. */
function runTargets(runtimes: readonly RuntimeLauncher[], tiers: readonly (Tier | undefined)[] = [undefined]): RunTarget[] {
  return runtimes.flatMap((launcher) =>
    tiers.map((tier) => ({ launcher, ...(tier && { tier }), name: columnName({ runtime: { id: launcher.id, version: '', engine: '' }, tier }) })),
  );
}

/** Records every experiment of the plan that `document` has no result for, with `verdict` and `reason`. */
function finishAll(
  document: ResultDocument,
  plan: Plan,
  entries: readonly SuiteEntry[],
  verdict: 'error' | 'skipped' | 'timeout',
  reason: string,
): void {
  for (const entry of plan.experiments) {
    if (document.experiments.some((e) => e.id === entry.id)) continue;
    const definition = entries.find((e) => e.definition.id === entry.id)?.definition;
    recordResult(document, failedRun(definition, entry.params, entry, verdict, reason, 0));
  }
}

async function runOnRuntime(
  target: RunTarget,
  plan: Plan,
  entries: readonly SuiteEntry[],
  document: ResultDocument,
  reporter: Reporter,
  save: () => void,
  stopping: AbortSignal,
): Promise<void> {
  const finishRemaining = (verdict: 'error' | 'skipped', reason: string) =>
    finishAll(document, plan, entries, verdict, reason);
  const { launcher, name } = target;
  const availability = await launcher.detect();
  if (!availability.available) {
    const reason = `${availability.reason}; install it with: ${availability.install}`;
    reporter.runtimeSkipped(name, reason);
    finishRemaining('skipped', reason);
    return;
  }
  if (target.tier && !launcher.tiers[target.tier]) {
    const reason = `${launcher.id} cannot be forced into the ${target.tier} tier (see racelab doctor)`;
    reporter.runtimeSkipped(name, reason);
    finishRemaining('skipped', reason);
    return;
  }
  reporter.runtimeStart(name);
  // A host is restarted, for the experiments left, only when its runtime asks
  // for it after a timeout (see RuntimeLauncher.restartAfterTimeout).
  for (;;) {
    const left = plan.experiments.filter((entry) => !document.experiments.some((e) => e.id === entry.id));
    if (left.length === 0) return;
    const ended = await runSession(target, plan, { ...plan, experiments: left }, entries, document, reporter, save, stopping);
    if (ended !== 'restart') return;
    reporter.log(name, 'info', 'restarting the host after a timeout or a hung trial, so that no stuck worker keeps running');
  }
}

/** Runs `sessionPlan` (the part of `plan` not yet run) on one host, to its end. */
async function runSession(
  { launcher, tier, name }: RunTarget,
  plan: Plan,
  sessionPlan: Plan,
  entries: readonly SuiteEntry[],
  document: ResultDocument,
  reporter: Reporter,
  save: () => void,
  stopping: AbortSignal,
): Promise<'finished' | 'restart'> {
  const finishRemaining = (verdict: 'error' | 'skipped', reason: string) =>
    finishAll(document, plan, entries, verdict, reason);
  let session: Awaited<ReturnType<RuntimeLauncher['start']>>;
  try {
    session = await launcher.start(sessionPlan, tier);
  } catch (error) {
    const reason = `could not start the ${name} host: ${(error as Error).message}`;
    document.incomplete = reason;
    finishRemaining('error', reason);
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
        case 'experiment-start': {
          const entry = plan.experiments.find((e) => e.id === event.id);
          limitMs = (entry?.timeoutMs ?? HELLO_TIMEOUT_MS) + HOST_GRACE_MS;
          reporter.experimentStart(name, event.id, plan.experiments.findIndex((e) => e.id === event.id), plan.experiments.length);
          break;
        }
        case 'progress':
          reporter.progress(name, event.id, event.trials, event.elapsedMs);
          break;
        case 'experiment-result':
          recordResult(document, event.result);
          save();
          reporter.experimentResult(name, event.result);
          limitMs = HELLO_TIMEOUT_MS;
          restart = (event.result.verdict === 'timeout' || event.result.hung !== undefined) && launcher.restartAfterTimeout === true;
          break;
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
    if (!request.interrupted) finishAll(document, plan, entries, 'timeout', `not finished: ${request.reason}`);
  } else if (!done) {
    await session.stop();
    const end = await session.ended;
    failure ??=
      `the ${name} host ended before finishing (exit code ${end.code ?? 'none'}` +
      `${end.signal ? `, signal ${end.signal}` : ''})${end.stderr ? `: ${end.stderr.split('\n').slice(-5).join('\n')}` : ''}`;
    document.incomplete = failure;
    finishRemaining('error', failure);
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
