/**
 * The worker side of the engine: loads an experiment, then runs its actor in a
 * trial loop synchronised through the control block (see control.ts for the
 * protocol). Runtime-agnostic: a runtime's worker entry only connects a
 * {@link WorkerPort}.
 */
import { COMMAND, DONE, READY, RUN, STOP, arrive, meet, release, waitForCount, waitForRelease } from './control.js';
import {
  type AnyExperiment,
  type OutcomeValue,
  type TrialContext,
  instancesOf,
  layoutOf,
  loadExperiment,
  outcomeNamesOf,
} from './experiment.js';
import { createMemory, createReset, placeLayout } from './layout.js';
import { guardMissing } from './guard.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { codeEntries, tallyCodes, tallyValues } from './tally.js';

/** How a worker talks to its coordinator; each runtime's worker entry supplies one. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: Transferable[]): void;
  onMessage(handler: (message: ToWorker) => void): void;
}

/** Serves `run` requests on `port` until the worker is terminated. */
export function serveWorker(port: WorkerPort): void {
  port.onMessage((message) => {
    if (message.type === 'run') void runActor(port, message);
  });
}

interface Prepared {
  readonly definition: AnyExperiment;
  readonly ctx: TrialContext<any, any>;
  readonly reset: () => void;
  readonly control: Int32Array;
}

async function prepare(message: ToWorker): Promise<Prepared> {
  const definition = await loadExperiment(message.moduleUrl, message.experimentId);
  const layout = layoutOf(definition, message.params);
  const memory = createMemory(layout, message.memory, placeLayout(layout), message.buffers);
  return {
    definition,
    // Guarded: a misspelled cell or param in a JavaScript plugin throws naming
    // the valid ones (free on the hot path: see guard.ts).
    ctx: {
      memory: guardMissing(memory, 'memory', `the layout of ${definition.id}`),
      params: guardMissing(message.params, 'params', definition.id),
      actor: message.actor,
      trial: 0,
      instance: 0,
    },
    reset: createReset(layout, message.memory, memory, message.buffers),
    control: new Int32Array(message.control),
  };
}

async function runActor(port: WorkerPort, message: ToWorker): Promise<void> {
  let prepared: Prepared;
  try {
    prepared = await prepare(message);
  } catch (error) {
    port.post(errorMessage('load', message.actor, error));
    return;
  }
  if (message.actor === 0) lead(port, prepared, message);
  else follow(port, prepared, message.actors, message.schedule.spinMs);
}

/**
 * Actor 0: releases every trial, runs its own actor, waits for the followers,
 * times the trial and tallies its outcome.
 */
function lead(port: WorkerPort, run: Prepared, message: ToWorker): void {
  const { definition, ctx, reset, control } = run;
  const { warmup, trials, timeBudgetMs, progressEveryMs, spinMs } = message.schedule;
  const followers = message.actors - 1;
  const actor = definition.actors[0]!;
  const outcome = definition.outcome;
  const instances = instancesOf(definition, message.params);
  const names = outcomeNamesOf(definition, message.params);
  const codes = names ? new Float64Array(names.length) : null;
  const histogram = new Map<OutcomeValue, number>();
  let samples: Float64Array<ArrayBuffer> = new Float64Array(trials ?? 1024);
  let counted = 0;

  waitForCount(control, READY, followers, spinMs);
  const started = performance.now();
  let countedFrom = started;
  let lastProgress = started;
  for (let trial = 0; ; trial++) {
    const now = performance.now();
    if (trial === warmup) countedFrom = now;
    const stop =
      trial >= warmup && (trials !== null ? counted >= trials : counted > 0 && now - countedFrom >= timeBudgetMs!);
    if (now - lastProgress >= progressEveryMs) {
      lastProgress = now;
      port.post({ type: 'progress', trials: counted, elapsedMs: now - started });
    }
    reset();
    ctx.trial = trial;
    release(control, stop ? STOP : RUN);
    if (stop) break;
    meet(control, message.actors, spinMs);
    // The trial's clock starts when every actor is on its mark.
    const releasedAt = performance.now();
    try {
      actor(ctx);
    } catch (error) {
      port.post(errorMessage('actor', 0, error));
      return;
    }
    waitForCount(control, DONE, followers, spinMs);
    const endedAt = performance.now();
    if (trial < warmup) continue;
    if (counted === samples.length) samples = grow(samples);
    samples[counted++] = endedAt - releasedAt;
    try {
      if (codes) tallyCodes(outcome, ctx, instances, codes, histogram);
      else tallyValues(outcome, ctx, instances, histogram);
    } catch (error) {
      port.post(errorMessage('outcome', 0, error));
      return;
    }
  }
  const result = samples.slice(0, counted);
  port.post(
    {
      type: 'result',
      histogram: codes ? [...codeEntries(codes), ...histogram] : [...histogram],
      samples: result,
      trials: counted,
      elapsedMs: performance.now() - countedFrom,
    },
    [result.buffer],
  );
}

/** Actors 1..n-1: wait for each release, run, report done; stop on STOP. */
function follow(port: WorkerPort, run: Prepared, actors: number, spinMs: number): void {
  const { definition, ctx, control } = run;
  const actor = definition.actors[ctx.actor]!;
  arrive(control, READY);
  let generation = 0;
  for (;;) {
    generation = waitForRelease(control, generation, spinMs);
    // COMMAND was stored before the generation was published: this read is
    // ordered after the load that saw the new generation.
    if (Atomics.load(control, COMMAND) === STOP) break;
    ctx.trial = generation - 1;
    meet(control, actors, spinMs);
    try {
      actor(ctx);
    } catch (error) {
      port.post(errorMessage('actor', ctx.actor, error));
      return;
    }
    arrive(control, DONE);
  }
  port.post({ type: 'finished' });
}

function grow(samples: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(samples.length * 2);
  bigger.set(samples);
  return bigger;
}

function errorMessage(phase: 'load' | 'actor' | 'outcome', actor: number, error: unknown): FromWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  const message = `${e.name}: ${e.message}`;
  // V8 and JavaScriptCore start the stack with the message again; keep only the frames.
  const stack = e.stack?.startsWith(message) ? e.stack.slice(message.length).replace(/^\n/, '') : e.stack;
  return { type: 'error', phase, actor, message, ...(stack && { stack }) };
}
