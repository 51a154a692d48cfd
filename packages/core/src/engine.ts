/**
 * The coordinator side of the engine: runs a plan's experiments one after
 * another on a pool of persistent workers and emits protocol events. It never
 * blocks (a browser page's main thread may not), so it waits for workers
 * through messages and timers only; trials themselves are synchronised by the
 * workers through shared memory (see worker.ts).
 */
import type { Adapter, WorkerHandle } from './adapter.js';
import { probeCapabilities, unmetRequirement } from './capabilities.js';
import { CONTROL_SLOTS } from './control.js';
import { type AnyExperiment, type Params, layoutOf, resolveParams } from './experiment.js';
import { decodeRecord, encodeRecord } from './json-value.js';
import { type LayoutSpec, type Placement, allocateBuffers, placeLayout } from './layout.js';
import type { FromWorker, Schedule } from './protocol.js';
import type { Capabilities, ExperimentResult, HostEventBody, Plan, PlanEntry } from './schema.js';
import { failedRun, summarizeRun } from './summarize-run.js';
import { loadExperiment } from './experiment.js';

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
  emit({ type: 'done' });
}

type Settled =
  | { kind: 'ok'; result: Extract<FromWorker, { type: 'result' }> }
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
  };
  const memory = new SharedArrayBuffer(placement.byteLength);
  // Allocated once per run, like the layout's buffer, and sent to every worker.
  const buffers = allocateBuffers(placement);
  const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const workers = pool.take(actors);
  const settled = await new Promise<Settled>((resolve) => {
    let result: Extract<FromWorker, { type: 'result' }> | undefined;
    let finished = 0;
    const settle = (s: Settled) => {
      clearTimeout(timer);
      resolve(s);
    };
    const timer = setTimeout(
      () => settle({ kind: 'timeout', reason: `no result within ${entry.timeoutMs} ms: workers terminated` }),
      entry.timeoutMs,
    );
    workers.forEach((worker, actor) => {
      worker.listen({
        message(message) {
          switch (message.type) {
            case 'progress':
              emit({ type: 'progress', id: entry.id, trials: message.trials, elapsedMs: message.elapsedMs });
              return;
            case 'result':
              result = message;
              break;
            case 'finished':
              finished++;
              break;
            case 'closed':
              settle({ kind: 'error', reason: `the worker of actor ${actor} ended itself (${message.how}) before the run finished` });
              return;
            case 'error':
              settle({ kind: 'error', reason: `${phaseText(message.phase, message.actor)}: ${message.message}${stackText(message.stack)}` });
              return;
          }
          // Done when the leader reported and every follower left its loop, so
          // the workers are idle and can serve the next experiment.
          if (result && finished === actors - 1) settle({ kind: 'ok', result });
        },
        error(message, stack) {
          settle({ kind: 'error', reason: `actor ${actor} raised an uncaught error: ${message}${stackText(stack)}` });
        },
        exit(code) {
          settle({ kind: 'error', reason: `the worker of actor ${actor} exited (code ${code ?? 'unknown'}) before the run finished` });
        },
      });
      worker.post({
        type: 'run',
        moduleUrl: entry.module,
        experimentId: entry.id,
        actor,
        actors,
        params,
        memory,
        buffers,
        control,
        schedule,
      });
    });
  });

  const withSpin = (result: ExperimentResult): ExperimentResult => ({ ...result, spinMs: schedule.spinMs });
  if (settled.kind !== 'ok') {
    // Workers may be stuck in a loop or in Atomics.wait: only terminate frees them.
    await pool.discard();
    return withSpin(failedRun(definition, params, entry, settled.kind, settled.reason, elapsed()));
  }
  try {
    return withSpin(summarizeRun(definition, params, entry, settled.result, elapsed()));
  } catch (error) {
    return withSpin(failedRun(definition, params, entry, 'error', `classifying outcomes failed: ${describeError(error)}`, elapsed()));
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
