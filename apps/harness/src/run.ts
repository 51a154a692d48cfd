/**
 * Runs a suite on each requested runtime, one host at a time so that hosts do
 * not steal each other's cores, and turns the event streams into result
 * documents. Nothing here throws for a runtime's failure: it becomes data.
 */
import {
  type Plan,
  failedRun,
  instancesOf,
  type PlanEntry,
  type ResultDocument,
  resolveParams,
} from '@racelab/core';
import { parseHostEvent } from '@racelab/core/schema';
import { setTimeout as delay } from 'node:timers/promises';
import { EXIT } from './exit-codes.js';
import type { Reporter } from './reporter.js';
import { newDocument, recordResult, writeDocumentFolder, writeJsonAtomic } from './result-document.js';
import type { RuntimeLauncher } from './runtimes/launcher.js';
import type { SuiteEntry } from './suite.js';
import { UsageError } from './usage-error.js';

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

export interface RunOptions {
  readonly runtimes: readonly RuntimeLauncher[];
  readonly entries: readonly SuiteEntry[];
  /** `--param key=value`, applied to every selected experiment that has the param. */
  readonly overrides: Readonly<Record<string, string>>;
  /** Counted trials per experiment; null uses the sample budget, the time budget, or the experiment's default. */
  readonly trials: number | null;
  /** Counted samples (trials × instances) per experiment, for batched experiments; null if not set. */
  readonly samples?: number | null;
  /** How long waiting workers spin before they sleep; null lets the engine choose (see spinBudgetMs). */
  readonly spinMs?: number | null;
  readonly timeBudgetMs: number | null;
  readonly warmup: number | null;
  readonly timeoutMs: number;
  /** Where to keep the documents (a JSON array), rewritten after every result. */
  readonly jsonPath?: string;
  /** A folder for one document per runtime (`<runtime>.json`), each rewritten after every result. */
  readonly outDir?: string;
  readonly reporter: Reporter;
}

/** Builds the plan every host receives; bad params are usage errors, found before anything runs. */
export function buildPlan(options: Omit<RunOptions, 'runtimes' | 'reporter' | 'jsonPath' | 'outDir'>): Plan {
  const keys = Object.keys(options.overrides);
  for (const key of keys) {
    if (!options.entries.some((e) => key in (e.definition.params ?? {}))) {
      const known = [...new Set(options.entries.flatMap((e) => Object.keys(e.definition.params ?? {})))];
      throw new UsageError(
        `Unknown --param '${key}': no selected experiment has it. Valid params: ${known.join(', ') || 'none'}`,
      );
    }
  }
  const experiments = options.entries.map(({ module, definition }): PlanEntry => {
    const own = Object.fromEntries(
      Object.entries(options.overrides).filter(([key]) => key in (definition.params ?? {})),
    );
    let params: Record<string, string | number | boolean>;
    try {
      params = { ...resolveParams(definition, own) };
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const timeBudgetMs = options.trials === null ? options.timeBudgetMs : null;
    return {
      module,
      id: definition.id,
      params,
      trials:
        timeBudgetMs === null
          ? (options.trials ??
            (options.samples ? Math.ceil(options.samples / instancesOf(definition, params)) : null) ??
            definition.trials ??
            100)
          : null,
      timeBudgetMs,
      warmup: options.warmup ?? definition.warmup ?? 5,
      timeoutMs: options.timeoutMs + (timeBudgetMs ?? 0),
    };
  });
  return { v: 1, experiments, ...(options.spinMs !== undefined && options.spinMs !== null && { spinMs: options.spinMs }) };
}

/** Runs the plan on every runtime; returns one document per runtime and the exit code. */
export async function runSuite(options: RunOptions): Promise<{ documents: ResultDocument[]; exitCode: number }> {
  const plan = buildPlan(options);
  const documents: ResultDocument[] = [];
  const save = () => {
    if (options.jsonPath) writeJsonAtomic(options.jsonPath, documents);
    if (options.outDir) writeDocumentFolder(options.outDir, documents);
  };
  for (const launcher of options.runtimes) {
    const document = newDocument(launcher.id);
    documents.push(document);
    await runOnRuntime(launcher, plan, options.entries, document, options.reporter, save);
    save();
    options.reporter.runtimeEnd(document);
  }
  return { documents, exitCode: exitCodeOf(documents) };
}

/** 1 if a forbidden outcome was seen; else 3 if anything failed to run; else 0. */
export function exitCodeOf(documents: readonly ResultDocument[]): number {
  const verdicts = documents.flatMap((d) => d.experiments.map((e) => e.verdict));
  if (verdicts.includes('fail')) return EXIT.FORBIDDEN;
  if (verdicts.some((v) => v === 'error' || v === 'timeout')) return EXIT.FAULT;
  if (documents.some((d) => d.incomplete)) return EXIT.FAULT;
  return EXIT.OK;
}

async function runOnRuntime(
  launcher: RuntimeLauncher,
  plan: Plan,
  entries: readonly SuiteEntry[],
  document: ResultDocument,
  reporter: Reporter,
  save: () => void,
): Promise<void> {
  const finishRemaining = (verdict: 'error' | 'skipped', reason: string) => {
    for (const entry of plan.experiments) {
      if (document.experiments.some((e) => e.id === entry.id)) continue;
      const definition = entries.find((e) => e.definition.id === entry.id)?.definition;
      recordResult(document, failedRun(definition, entry.params, entry, verdict, reason, 0));
    }
  };
  const availability = await launcher.detect();
  if (!availability.available) {
    const reason = `${availability.reason}; install it with: ${availability.install}`;
    reporter.runtimeSkipped(launcher.id, reason);
    finishRemaining('skipped', reason);
    return;
  }
  reporter.runtimeStart(launcher.id);
  let session: Awaited<ReturnType<RuntimeLauncher['start']>>;
  try {
    session = await launcher.start(plan);
  } catch (error) {
    const reason = `could not start the ${launcher.id} host: ${(error as Error).message}`;
    document.incomplete = reason;
    finishRemaining('error', reason);
    return;
  }

  let failure: string | undefined;
  let done = false;
  let limitMs = HELLO_TIMEOUT_MS;
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      failure = `the ${launcher.id} host sent nothing for ${Math.round(limitMs / 1000)} s and was stopped`;
      void session.stop();
    }, limitMs);
  };
  arm();
  try {
    for await (const line of session.lines) {
      if (line.trim() === '') continue;
      const parsed = parseHostEvent(line);
      if (!parsed.ok) {
        failure = `the ${launcher.id} host sent an invalid event (${parsed.error})`;
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
          reporter.experimentStart(launcher.id, event.id, plan.experiments.findIndex((e) => e.id === event.id), plan.experiments.length);
          break;
        }
        case 'progress':
          reporter.progress(launcher.id, event.id, event.trials, event.elapsedMs);
          break;
        case 'experiment-result':
          recordResult(document, event.result);
          save();
          reporter.experimentResult(launcher.id, event.result);
          limitMs = HELLO_TIMEOUT_MS;
          break;
        case 'log':
          reporter.log(launcher.id, event.level, event.message);
          break;
        case 'done':
          done = true;
          break;
      }
      arm();
      if (done) break;
    }
  } finally {
    clearTimeout(watchdog);
  }
  if (!done) {
    await session.stop();
    const end = await session.ended;
    failure ??=
      `the ${launcher.id} host ended before finishing (exit code ${end.code ?? 'none'}` +
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
      reporter.log(launcher.id, 'warn', `the host did not exit within ${EXIT_GRACE_MS / 1000} s of finishing and was killed`);
      await session.stop();
    }
  }
}
