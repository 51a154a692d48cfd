/**
 * The worker side of the engine: loads an experiment, then runs its actor in a
 * trial loop synchronised through the control block. Runtime-agnostic: a
 * runtime's worker entry only connects a {@link WorkerPort}.
 */
import {
  COMMAND,
  DONE,
  FOLLOWERS_ASLEEP,
  GO,
  LEADER_ASLEEP,
  READY,
  RUN,
  STARTED,
  STARTED_ASLEEP,
  STOP,
} from './control.js';
import {
  type AnyExperiment,
  type OutcomeValue,
  type TrialContext,
  experimentsOf,
  instancesOf,
  layoutOf,
  outcomeNamesOf,
} from './experiment.js';
import { createMemory, createReset, placeLayout } from './layout.js';
import { guardMissing } from './guard.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { codeEntries, tallyCodes, tallyValues } from './tally.js';
import { pause } from './sync/spin.js';

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

const modules = new Map<string, Promise<Record<string, unknown>>>();

/** Finds an experiment by id in a plugin module, importing each module once per worker. */
export async function loadExperiment(moduleUrl: string, id: string): Promise<AnyExperiment> {
  let module = modules.get(moduleUrl);
  if (!module) {
    module = import(moduleUrl) as Promise<Record<string, unknown>>;
    modules.set(moduleUrl, module);
  }
  const found = experimentsOf(await module).find((e) => e.id === id);
  if (!found) throw new Error(`Cannot find experiment '${id}' in ${moduleUrl}`);
  return found;
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
  const memory = createMemory(layout, message.memory, placeLayout(layout));
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
    reset: createReset(layout, message.memory, memory),
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
    Atomics.store(control, DONE, 0);
    Atomics.store(control, STARTED, 0);
    Atomics.store(control, COMMAND, stop ? STOP : RUN);
    // Release. This seq-cst add orders the reset, DONE, STARTED and COMMAND
    // before any follower's Atomics.load that sees the new generation.
    Atomics.add(control, GO, 1);
    // Read after the add: either a follower going to sleep sees the new GO, or
    // we see it counted here and wake it (no lost wake-up; see waitForRelease).
    if (Atomics.load(control, FOLLOWERS_ASLEEP) > 0) Atomics.notify(control, GO);
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
      if (codes) tallyCodes(outcome, ctx, instances, codes);
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
      histogram: codes ? codeEntries(codes) : [...histogram],
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

/** A follower reports in: seq-cst add, then wake the leader if it sleeps. */
function arrive(control: Int32Array, slot: number): void {
  // The add publishes every write this actor made (release); the leader's
  // Atomics.load that sees the count acquires them before reading outcomes.
  Atomics.add(control, slot, 1);
  // Dekker-style pairing with the leader's store to LEADER_ASLEEP: under
  // sequential consistency either it sees our add or we see its flag.
  if (Atomics.load(control, LEADER_ASLEEP) === 1) Atomics.notify(control, slot);
}

/**
 * The start barrier: every actor of the trial arrives, and none runs before
 * all have. Without it a follower that the OS scheduled late (seen here: 4 ms
 * on a loaded 2-core machine) would start after a 100,000-increment race was
 * already over, and the race would not happen.
 */
function meet(control: Int32Array, actors: number, spinMs: number): void {
  // Seq-cst add: the last arrival's read of STARTED_ASLEEP below and a
  // sleeper's add to it are ordered, so a sleeper is always notified.
  if (Atomics.add(control, STARTED, 1) + 1 === actors) {
    if (Atomics.load(control, STARTED_ASLEEP) > 0) Atomics.notify(control, STARTED);
    return;
  }
  if (spinUntil(control, STARTED, actors, true, spinMs)) return;
  Atomics.add(control, STARTED_ASLEEP, 1);
  for (;;) {
    const value = Atomics.load(control, STARTED);
    if (value === actors) break;
    Atomics.wait(control, STARTED, value);
  }
  Atomics.sub(control, STARTED_ASLEEP, 1);
}

/** Leader: spin for up to `spinMs`, then sleep, until `slot` holds `target`. */
function waitForCount(control: Int32Array, slot: number, target: number, spinMs: number): void {
  if (spinUntil(control, slot, target, true, spinMs)) return;
  Atomics.store(control, LEADER_ASLEEP, 1);
  for (;;) {
    const value = Atomics.load(control, slot);
    if (value === target) break;
    // Sleeps only while the cell still holds `value`: an arrival after the
    // load above changes it and makes wait return at once.
    Atomics.wait(control, slot, value);
  }
  Atomics.store(control, LEADER_ASLEEP, 0);
}

/** Follower: spin for up to `spinMs`, then sleep, until GO moves past `generation`; returns the new generation. */
function waitForRelease(control: Int32Array, generation: number, spinMs: number): number {
  if (spinUntil(control, GO, generation, false, spinMs)) return Atomics.load(control, GO);
  // Count ourselves asleep before the last check, so the leader's add-then-read
  // either is seen by our load below or sees our count and notifies.
  Atomics.add(control, FOLLOWERS_ASLEEP, 1);
  while (Atomics.load(control, GO) === generation) Atomics.wait(control, GO, generation);
  Atomics.sub(control, FOLLOWERS_ASLEEP, 1);
  return Atomics.load(control, GO);
}

/**
 * Re-reads `slot` until it equals `value` (or, with `equal` false, differs
 * from it), for at most `spinMs`. Returns whether it got there. Spinning keeps
 * a waiting actor on its core, so that the next release starts every actor
 * within a cache-line transfer of each other; a sleeping actor would start
 * tens to hundreds of microseconds late, after the others have raced alone.
 */
function spinUntil(control: Int32Array, slot: number, value: number, equal: boolean, spinMs: number): boolean {
  const deadline = performance.now() + spinMs;
  for (;;) {
    // Read the clock once per 128 reads: it costs more than a load.
    for (let i = 0; i < 128; i++) {
      if ((Atomics.load(control, slot) === value) === equal) return true;
      pause();
    }
    if (performance.now() >= deadline) return false;
  }
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
