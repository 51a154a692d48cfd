/**
 * The worker side of the engine: loads an experiment, then runs its actor in a
 * trial loop synchronised through the control block (see control.ts for the
 * protocol). Runtime-agnostic: a runtime's worker entry only connects a
 * {@link WorkerPort}.
 */
import { AlignTuner, ALIGN_DELAYS } from './align-tuner.js';
import { ALIGN_DELAY, ALIGNED, COMMAND, DONE, READY, RUN, STOP, align, arrive, finishedSlot, meet, release, waitForCount, waitForRelease } from './control.js';
import {
  type AnyExperiment,
  HUNG,
  type OutcomeValue,
  type TrialContext,
  instancesOf,
  layoutOf,
  loadExperiment,
  outcomeNamesOf,
} from './experiment.js';
import { createMemory, createReset, placeLayout } from './layout.js';
import { guardMissing } from './guard.js';
import type { FromWorker, Schedule, ToTest262Worker, ToWorker } from './protocol.js';
import { codeEntries, tallyCodes, tallyValues, tallyWhole } from './tally.js';
import { serveTest262 } from './test262/agent.js';

/** How a worker talks to its coordinator; each runtime's worker entry supplies one. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: Transferable[]): void;
  onMessage(handler: (message: ToWorker) => void): void;
  /**
   * Runs `source` as a classic script in this worker's global scope, its
   * errors thrown to the caller; for test262, whose tests are scripts (an
   * indirect eval is not one: in strict mode its declarations stay local).
   * Absent where the worker cannot (a browser's module worker).
   */
  evaluateScript?(source: string): unknown;
}

/**
 * Serves `run` requests on `port` until the worker is terminated; a worker
 * asked to be a test262 script instead becomes one for the rest of its life.
 */
export function serveWorker(port: WorkerPort): void {
  let test262: ((message: ToTest262Worker) => void) | undefined;
  port.onMessage((message) => {
    if (message.type === 'run') void runActor(port, message);
    else if (message.type === 'test262') test262 = serveTest262(port, message);
    else test262?.(message);
  });
}

/** A request to run an actor (or lead) in a trial loop. */
type RunMessage = Extract<ToWorker, { type: 'run' }>;

interface Prepared {
  readonly definition: AnyExperiment;
  readonly ctx: TrialContext<any, any>;
  readonly reset: () => void;
  readonly control: Int32Array;
  /** Starts a trial for `ctx.align`: its rendezvous count starts again. */
  readonly startTrial: (trial: number) => void;
}

async function prepare(message: RunMessage): Promise<Prepared> {
  const definition = await loadExperiment(message.moduleUrl, message.experimentId);
  const layout = layoutOf(definition, message.params);
  const memory = createMemory(layout, message.memory, placeLayout(layout), message.buffers);
  const control = new Int32Array(message.control);
  const { actors, schedule } = message;
  // Rendezvous this actor made in the current trial, and the current trial's delay (see align).
  let aligned = 0;
  let delay = 0;
  const ctx: TrialContext<any, any> = {
    // Guarded: a misspelled cell or param in a JavaScript plugin throws naming
    // the valid ones (free on the hot path: see guard.ts).
    memory: guardMissing(memory, 'memory', `the layout of ${definition.id}`),
    params: guardMissing(message.params, 'params', definition.id),
    actor: message.actor ?? 0,
    trial: 0,
    instance: 0,
    align: schedule.align ? () => align(control, actors, ++aligned, delay) : () => {},
  };
  return {
    definition,
    ctx,
    reset: createReset(layout, message.memory, memory, message.buffers),
    control,
    startTrial: (trial) => {
      ctx.trial = trial;
      aligned = 0;
      // Stored before the release this trial began with (see lead).
      delay = Atomics.load(control, ALIGN_DELAY);
    },
  };
}

async function runActor(port: WorkerPort, message: RunMessage): Promise<void> {
  let prepared: Prepared;
  try {
    prepared = await prepare(message);
  } catch (error) {
    port.post(errorMessage('load', message.actor ?? 0, error));
    return;
  }
  if (message.lead) lead(port, prepared, message);
  else follow(port, prepared, message.actors, message.schedule);
}

/**
 * The leader (actor 0, or a controller that runs no actor): releases every
 * trial, runs its own actor if it has one, waits for the followers, times the
 * trial and tallies its outcome. A controller waits at most the trial
 * deadline: then it counts the trial as `hung`, reports, and stops.
 */
function lead(port: WorkerPort, run: Prepared, message: RunMessage): void {
  const { definition, ctx, reset, control, startTrial } = run;
  const { warmup, trials, timeBudgetMs, progressEveryMs, spinMs, trialDeadlineMs } = message.schedule;
  const actor = message.actor === null ? null : definition.actors[message.actor]!;
  const followers = actor ? message.actors - 1 : message.actors;
  const outcome = definition.outcome;
  const instances = instancesOf(definition, message.params);
  // Counts a trial's outcomes by code: in one call where the experiment has its own tally.
  const countCodes = (into: Float64Array, others: Map<OutcomeValue, number>) =>
    definition.tally ? tallyWhole(definition.tally, ctx, instances, into, others) : tallyCodes(outcome, ctx, instances, into, others);
  const names = outcomeNamesOf(definition, message.params);
  const codes = names ? new Float64Array(names.length) : null;
  const histogram = new Map<OutcomeValue, number>();
  // The rendezvous delay is tuned where a trial's overlap can be read off its
  // outcomes: experiments whose model names the serial ones (litmus tests).
  const serialCodes = message.schedule.align && names && codes ? serialCodesOf(definition, names) : [];
  const tuner = serialCodes.length > 0 ? new AlignTuner() : null;
  // Warm-up trials are tallied here, for the tuner only.
  const warmupCodes = tuner ? new Float64Array(codes!.length) : null;
  // Whether the trial's actors all finished: within the deadline, or within a
  // later period while the experiment's progress value kept changing.
  const finishedInTime = (deadlineMs: number | null): boolean => {
    let seen = definition.progress?.(ctx);
    for (;;) {
      if (waitForCount(control, DONE, followers, 0, deadlineMs ?? Infinity)) return true;
      const now = definition.progress?.(ctx);
      if (now === undefined || Object.is(now, seen)) return false;
      seen = now;
    }
  };
  let delayIndex = 0;
  let samples: Float64Array<ArrayBuffer> = new Float64Array(trials ?? 1024);
  let counted = 0;
  // Counted trials that ended, each with its duration: a hung trial has none.
  let timed = 0;

  // A controller never spins: the actors may need every core.
  waitForCount(control, READY, followers, actor ? spinMs : 0);
  const started = performance.now();
  let countedFrom = started;
  let lastProgress = started;
  let trial = 0;
  for (; ; trial++) {
    const now = performance.now();
    if (trial === warmup) countedFrom = now;
    const stop =
      trial >= warmup && (trials !== null ? counted >= trials : counted > 0 && now - countedFrom >= timeBudgetMs!);
    if (now - lastProgress >= progressEveryMs) {
      lastProgress = now;
      port.post({ type: 'progress', trials: counted, elapsedMs: now - started });
    }
    reset();
    // Before the release: its seq-cst add on GO orders this store before the
    // followers' load of ALIGN_DELAY, which follows their load of the new GO.
    if (tuner) Atomics.store(control, ALIGN_DELAY, ALIGN_DELAYS[(delayIndex = tuner.choose())]!);
    startTrial(message.schedule.firstTrial + trial);
    release(control, stop ? STOP : RUN);
    if (stop) break;
    let releasedAt: number;
    if (actor) {
      meet(control, message.actors, spinMs);
      // The trial's clock starts when every actor is on its mark.
      releasedAt = performance.now();
      try {
        actor(ctx);
      } catch (error) {
        port.post(errorMessage('actor', ctx.actor, error));
        return;
      }
      waitForCount(control, DONE, followers, spinMs);
    } else {
      // A controller sleeps through the trial (it must not take a core from
      // the actors), so its clock includes its own wake-up.
      releasedAt = performance.now();
      if (!finishedInTime(trialDeadlineMs)) {
        // The generation of trial t is t + 1 (see follow).
        const stillRunning = definition.actors.map((_, a) => a).filter((a) => Atomics.load(control, finishedSlot(a)) !== trial + 1);
        const countedTrial = trial >= warmup;
        if (countedTrial) {
          counted++;
          // Every instance of the trial is a sample that never ended.
          histogram.set(HUNG, (histogram.get(HUNG) ?? 0) + instances);
        }
        // Lets the actors that did finish leave their loop, idle for the next run.
        release(control, STOP);
        post(trial + 1, { stillRunning, counted: countedTrial });
        return;
      }
    }
    const endedAt = performance.now();
    // Only trials whose actors met tell a delay's worth (alignEvery 0 turns meeting off).
    // Every follower's adds to ALIGNED came before its arrival at DONE, which we saw.
    const tuning = tuner !== null && Atomics.load(control, ALIGNED) > 0;
    if (trial < warmup && !tuning) continue;
    const serialBefore = tuning ? sumOf(codes!, serialCodes) : 0;
    try {
      if (trial < warmup) {
        warmupCodes!.fill(0);
        countCodes(warmupCodes!, new Map());
        tuner!.record(delayIndex, 1 - sumOf(warmupCodes!, serialCodes) / instances);
        continue;
      }
      if (codes) countCodes(codes, histogram);
      else tallyValues(outcome, ctx, instances, histogram);
    } catch (error) {
      port.post(errorMessage('outcome', 0, error));
      return;
    }
    if (tuning) tuner!.record(delayIndex, 1 - (sumOf(codes!, serialCodes) - serialBefore) / instances);
    if (timed === samples.length) samples = grow(samples);
    samples[timed++] = endedAt - releasedAt;
    counted++;
  }
  // The loop ended at the STOP release: `trial` trials ran.
  post(trial, undefined);

  function post(ran: number, hung: Extract<FromWorker, { type: 'result' }>['hung']): void {
    const result = samples.slice(0, timed);
    const tuned = tuner?.summary();
    port.post(
      {
        type: 'result',
        histogram: codes ? [...codeEntries(codes), ...histogram] : [...histogram],
        samples: result,
        trials: counted,
        elapsedMs: performance.now() - countedFrom,
        ran,
        instances,
        ...(hung && { hung }),
        ...(tuned && { align: tuned }),
      },
      [result.buffer],
    );
  }
}

/** Actors 1..n-1: wait for each release, run, report done; stop on STOP. */
function follow(port: WorkerPort, run: Prepared, actors: number, { spinMs, firstTrial }: Schedule): void {
  const { definition, ctx, control, startTrial } = run;
  const actor = definition.actors[ctx.actor]!;
  arrive(control, READY);
  let generation = 0;
  for (;;) {
    generation = waitForRelease(control, generation, spinMs);
    // COMMAND was stored before the generation was published: this read is
    // ordered after the load that saw the new generation.
    if (Atomics.load(control, COMMAND) === STOP) break;
    startTrial(firstTrial + generation - 1);
    meet(control, actors, spinMs);
    try {
      actor(ctx);
    } catch (error) {
      port.post(errorMessage('actor', ctx.actor, error));
      return;
    }
    // Before the arrival: a controller that sees DONE short of the count
    // reads these to name the actors still running.
    Atomics.store(control, finishedSlot(ctx.actor), generation);
    arrive(control, DONE);
  }
  port.post({ type: 'finished' });
}

/** The codes of the outcomes the actors give when they run one after another, whole (from the experiment's model). */
function serialCodesOf(definition: AnyExperiment, names: readonly string[]): number[] {
  const serial = new Set(definition.model?.outcomes.filter((o) => o.serial).map((o) => o.outcome));
  return names.flatMap((name, code) => (serial.has(name) ? [code] : []));
}

function sumOf(counts: Float64Array, codes: readonly number[]): number {
  let sum = 0;
  for (const code of codes) sum += counts[code]!;
  return sum;
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
