/**
 * The coordinator side of the engine: runs a plan's experiments one after
 * another on a pool of persistent workers and emits protocol events. It never
 * blocks (a browser page's main thread may not), so it waits for workers
 * through messages and timers only; trials themselves are synchronised by the
 * workers through shared memory (see worker.ts).
 */
import type { Adapter, WorkerHandle } from './adapter.js';
import type { AlignSummary } from './align-tuner.js';
import { probeCapabilities, unmetRequirement } from './capabilities.js';
import { controlSlots } from './control.js';
import { type AnyExperiment, HUNG, type OutcomeValue, type Params, layoutOf, resolveParams } from './experiment.js';
import { decodeRecord, encodeRecord } from './json-value.js';
import { type LayoutSpec, type Placement, allocateBuffers, placeLayout } from './layout.js';
import type { FromWorker, Schedule } from './protocol.js';
import type { Capabilities, ExperimentResult, HostEventBody, Plan, PlanEntry } from './schema.js';
import { type RawRun, failedRun, summarizeRun } from './summarize-run.js';
import { loadExperiment } from './experiment.js';
import { runTest262 } from './test262/host.js';

/** How often the leader reports progress: often enough for a live bar, rare enough to cost nothing. */
const PROGRESS_EVERY_MS = 200;

/** Where a host's events go (stdout as NDJSON, a page binding, ...). */
export type Emit = (event: HostEventBody) => void;

/**
 * Runs every experiment of `plan` on `adapter`, emitting `hello`, then
 * `experiment-start`, `progress` and `experiment-result` for each, then
 * `done`. A failing experiment becomes an `error` or `timeout` result and the
 * next one still runs. Resolves when all workers are stopped.
 */
export async function runHost(adapter: Adapter, plan: Plan, emit: Emit): Promise<void> {
  const capabilities = probeCapabilities(adapter);
  emit({ type: 'hello', runtime: adapter.runtime, capabilities });
  const pool = new WorkerPool(adapter);
  try {
    for (const entry of plan.experiments) {
      const result = await runExperiment(adapter, pool, entry, plan.spinMs, capabilities, emit);
      emit({ type: 'experiment-result', result });
    }
  } finally {
    await pool.close();
  }
  if (plan.test262) await runTest262(adapter, plan.test262, emit);
  emit({ type: 'done' });
}

type Settled =
  | { kind: 'ok'; result: WorkerResult }
  | { kind: 'error' | 'timeout'; reason: string };

async function runExperiment(
  adapter: Adapter,
  pool: WorkerPool,
  entry: PlanEntry,
  spinMs: number | undefined,
  capabilities: Capabilities,
  emit: Emit,
): Promise<ExperimentResult> {
  const startedAt = performance.now();
  const elapsed = () => performance.now() - startedAt;
  let definition: AnyExperiment | undefined;
  // Bigints arrive encoded ({ bigint: "5" }): actors, outcome and expect see 5n.
  let params: Params = decodeRecord(entry.params);
  let layout: LayoutSpec;
  let placement: Placement;
  try {
    definition = await loadExperiment(entry.module, entry.id);
    params = resolveParams(definition, params);
    layout = layoutOf(definition, params);
    placement = placeLayout(layout);
  } catch (error) {
    return failedRun(definition, params, entry, 'error', describeError(error), elapsed());
  }
  if (typeof SharedArrayBuffer !== 'function') {
    const reason = 'SharedArrayBuffer is not available here (a browser page must be cross-origin isolated)';
    return failedRun(definition, params, entry, 'skipped', reason, elapsed());
  }
  const unmet = unmetRequirement(layout, capabilities);
  if (unmet) return failedRun(definition, params, entry, 'skipped', unmet, elapsed());
  const actors = definition.actors.length;
  emit({ type: 'experiment-start', id: entry.id, title: definition.title, params: encodeRecord(params), actors });

  const schedule: Schedule = {
    warmup: entry.warmup,
    trials: entry.trials,
    timeBudgetMs: entry.timeBudgetMs,
    progressEveryMs: PROGRESS_EVERY_MS,
    spinMs: spinMs ?? spinBudgetMs(actors, adapter.cores()),
    trialDeadlineMs: entry.trialDeadlineMs ?? null,
    firstTrial: 0,
    align: actors <= adapter.cores(),
  };
  const withSpin = (result: ExperimentResult): ExperimentResult => ({ ...result, spinMs: schedule.spinMs });
  const run: RunSetup = { entry, params, actors, placement, emit };
  const timeoutAt = performance.now() + entry.timeoutMs;
  const tallies = new Tallies(actors);
  // A hung trial ends a run: its workers are replaced and a new run goes on
  // with the trials that are left, until none are.
  for (let next: Schedule | null = schedule; next; ) {
    const settled = await runOnce(pool, run, next, tallies, timeoutAt - performance.now());
    if (settled.kind !== 'ok') {
      // Workers may be stuck in a loop or in Atomics.wait: only terminate frees them.
      await pool.discard();
      return withSpin(failedRun(definition, params, entry, settled.kind, settled.reason, elapsed()));
    }
    const stopsHere = settled.result.hung !== undefined && adapter.terminateLeavesBusyWorkers !== undefined;
    // A run that cannot go on counts its hung trial even in warm-up: no other will.
    tallies.add(settled.result, stopsHere);
    if (!settled.result.hung) break;
    // Only terminate frees a stuck worker; the others were stopped and serve the next run.
    await pool.replace(settled.result.hung.stillRunning);
    if (stopsHere) {
      tallies.stoppedEarly = `stopped at the first hung trial: ${adapter.terminateLeavesBusyWorkers}, and the trials left would run beside it`;
      break;
    }
    next = continuation(next, settled.result);
  }
  try {
    return withSpin(summarizeRun(definition, params, entry, tallies.raw(), elapsed()));
  } catch (error) {
    return withSpin(failedRun(definition, params, entry, 'error', `classifying outcomes failed: ${describeError(error)}`, elapsed()));
  }
}

type WorkerResult = Extract<FromWorker, { type: 'result' }>;

/** What every run of one experiment shares. */
interface RunSetup {
  readonly entry: PlanEntry;
  readonly params: Params;
  readonly actors: number;
  readonly placement: Placement;
  readonly emit: Emit;
}

/**
 * One run of the trial loop on the pool's workers, until its leader reports.
 * Without a trial deadline actor 0 leads; with one, an extra worker does,
 * running no actor, so that it notices a trial that never ends whichever
 * actor is stuck.
 */
function runOnce(pool: WorkerPool, run: RunSetup, schedule: Schedule, before: Tallies, timeoutMs: number): Promise<Settled> {
  const { entry, actors, emit } = run;
  // Fresh memory for every run, sent to every worker: a worker replaced after
  // a hung trial may not have stopped yet (terminate() does not wait for it
  // everywhere), and must not write into the next run's cells.
  const memory = new SharedArrayBuffer(run.placement.byteLength);
  const buffers = allocateBuffers(run.placement);
  const controlled = schedule.trialDeadlineMs !== null;
  const followers = controlled ? actors : actors - 1;
  const workers = pool.take(controlled ? actors + 1 : actors);
  const control = new SharedArrayBuffer(controlSlots(actors) * Int32Array.BYTES_PER_ELEMENT);
  return new Promise<Settled>((resolve) => {
    let result: WorkerResult | undefined;
    let finished = 0;
    let needed = followers;
    const settle = (s: Settled) => {
      clearTimeout(timer);
      resolve(s);
    };
    const timer = setTimeout(
      () => settle({ kind: 'timeout', reason: `no result within ${entry.timeoutMs} ms: workers terminated` }),
      Math.max(0, timeoutMs),
    );
    workers.forEach((worker, index) => {
      const actor = index < actors ? index : null;
      const who = actor === null ? 'the controller' : `actor ${actor}`;
      worker.listen({
        message(message) {
          switch (message.type) {
            case 'progress':
              emit({ type: 'progress', id: entry.id, trials: before.trials + message.trials, elapsedMs: message.elapsedMs });
              return;
            case 'result':
              result = message;
              // After a hung trial the stuck actors never finish; the others were stopped.
              if (message.hung) needed -= message.hung.stillRunning.length;
              break;
            case 'finished':
              finished++;
              break;
            case 'closed':
              settle({ kind: 'error', reason: `the worker of ${who} ended itself (${message.how}) before the run finished` });
              return;
            case 'error':
              settle({ kind: 'error', reason: `${phaseText(message.phase, message.actor)}: ${message.message}${stackText(message.stack)}` });
              return;
          }
          // Done when the leader reported and every follower left its loop, so
          // the workers are idle and can serve the next experiment.
          if (result && finished === needed) settle({ kind: 'ok', result });
        },
        error(message, stack) {
          settle({ kind: 'error', reason: `${who} raised an uncaught error: ${message}${stackText(stack)}` });
        },
        exit(code) {
          settle({ kind: 'error', reason: `the worker of ${who} exited (code ${code ?? 'unknown'}) before the run finished` });
        },
      });
      worker.post({
        type: 'run',
        moduleUrl: entry.module,
        experimentId: entry.id,
        actor,
        lead: controlled ? actor === null : actor === 0,
        actors,
        params: run.params,
        memory,
        buffers,
        control,
        schedule,
      });
    });
  });
}

/** The schedule that goes on after a run whose last trial hung, or null if nothing is left. */
function continuation(schedule: Schedule, result: WorkerResult): Schedule | null {
  const next = { ...schedule, warmup: Math.max(0, schedule.warmup - result.ran), firstTrial: schedule.firstTrial + result.ran };
  if (schedule.trials !== null) {
    const trials = schedule.trials - result.trials;
    return trials > 0 ? { ...next, trials } : null;
  }
  const timeBudgetMs = schedule.timeBudgetMs! - result.elapsedMs;
  return timeBudgetMs > 0 ? { ...next, timeBudgetMs } : null;
}

/** The tallies of an experiment's runs, added up. */
class Tallies {
  trials = 0;
  #elapsedMs = 0;
  readonly #histogram = new Map<OutcomeValue, number>();
  readonly #samples: Float64Array[] = [];
  #hungTrials = 0;
  readonly #stillRunning: number[];
  /** Why the runs stopped before their trials were done, if they did. */
  stoppedEarly: string | undefined;
  #align: AlignSummary | undefined;

  constructor(actors: number) {
    this.#stillRunning = new Array<number>(actors).fill(0);
  }

  /** Adds a run's tallies; with `countHung`, its hung trial counts even if it was a warm-up trial. */
  add(result: WorkerResult, countHung = false): void {
    this.trials += result.trials;
    this.#elapsedMs += result.elapsedMs;
    for (const [outcome, count] of result.histogram) this.#histogram.set(outcome, (this.#histogram.get(outcome) ?? 0) + count);
    this.#samples.push(result.samples);
    this.#align = result.align ?? this.#align;
    if (result.hung && !result.hung.counted && countHung) {
      this.trials++;
      this.#histogram.set(HUNG, (this.#histogram.get(HUNG) ?? 0) + result.instances);
    }
    if (result.hung && (result.hung.counted || countHung)) {
      this.#hungTrials++;
      for (const actor of result.hung.stillRunning) this.#stillRunning[actor]!++;
    }
  }

  raw(): RawRun {
    const samples = new Float64Array(this.#samples.reduce((n, s) => n + s.length, 0));
    let at = 0;
    for (const s of this.#samples) {
      samples.set(s, at);
      at += s.length;
    }
    return {
      histogram: [...this.#histogram],
      samples,
      trials: this.trials,
      elapsedMs: this.#elapsedMs,
      ...(this.#align && { align: this.#align }),
      ...((this.#hungTrials > 0 || this.stoppedEarly) && { hung: { trials: this.#hungTrials, stillRunning: this.#stillRunning, ...(this.stoppedEarly && { stoppedEarly: this.stoppedEarly }) } }),
    };
  }
}

/**
 * How long a waiting worker spins before it sleeps. With no more actors than
 * cores every actor has a core of its own, so spinning through the wait costs
 * the experiment nothing and releases all actors together: a worker asleep in
 * Atomics.wait was seen here to start 0.1 to 4 ms after the others, long
 * enough for a 100,000-increment race to be over before it began. 250 ms
 * covers every lesson trial; a longer wait sleeps. With more actors than cores
 * a spinning actor takes the core that the one it waits for needs: spin a few
 * microseconds, then sleep. Tuning choice; `plan.spinMs` overrides it.
 */
export function spinBudgetMs(actors: number, cores: number): number {
  return actors <= cores ? 250 : 0.005;
}

/** Workers that persist across experiments; replaced only after a failure. */
class WorkerPool {
  #workers: WorkerHandle[] = [];
  readonly #adapter: Adapter;

  constructor(adapter: Adapter) {
    this.#adapter = adapter;
  }

  /** The first `count` workers, starting new ones as needed. */
  take(count: number): WorkerHandle[] {
    while (this.#workers.length < count) this.#workers.push(this.#adapter.startWorker(this.#adapter.workerUrl));
    return this.#workers.slice(0, count);
  }

  /** Terminates the workers at these positions and starts fresh ones in their place. */
  async replace(positions: readonly number[]): Promise<void> {
    const stuck = positions.map((i) => this.#workers[i]!);
    for (const worker of stuck) worker.listen(IGNORE);
    await Promise.allSettled(stuck.map((worker) => worker.terminate()));
    for (const i of positions) this.#workers[i] = this.#adapter.startWorker(this.#adapter.workerUrl);
  }

  /** Terminates every worker; the next `take` starts fresh ones. */
  async discard(): Promise<void> {
    const workers = this.#workers;
    this.#workers = [];
    for (const worker of workers) worker.listen(IGNORE);
    await Promise.allSettled(workers.map((worker) => worker.terminate()));
  }

  close(): Promise<void> {
    return this.discard();
  }
}

const IGNORE = { message() {}, error() {}, exit() {} };

function phaseText(phase: 'load' | 'actor' | 'outcome', actor: number): string {
  if (phase === 'load') return `loading the experiment in the worker of actor ${actor} failed`;
  if (phase === 'outcome') return 'the outcome function threw';
  return `actor ${actor} threw`;
}

function stackText(stack: string | undefined): string {
  return stack ? `\n${stack}` : '';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
