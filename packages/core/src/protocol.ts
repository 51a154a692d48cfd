/**
 * Messages between a host's coordinator and its workers: one union each way,
 * tagged by `type`. Host → harness events are defined with their schema in
 * `schema.ts`.
 */
import type { AlignSummary } from './align-tuner.js';
import type { OutcomeValue, Params } from './experiment.js';

/** When a run stops and how its workers wait. */
export interface Schedule {
  /** Trials run first and not counted. */
  readonly warmup: number;
  /** Counted trials to run; `null` to run for `timeBudgetMs` instead. */
  readonly trials: number | null;
  /** Time to keep running counted trials when `trials` is null. */
  readonly timeBudgetMs: number | null;
  /** How often the leader reports progress. */
  readonly progressEveryMs: number;
  /** How long a waiting worker spins on a control cell before it sleeps in `Atomics.wait`. */
  readonly spinMs: number;
  /** How long one trial may run before it is counted as `hung`; null: no limit (the experiment's timeout still applies). */
  readonly trialDeadlineMs: number | null;
  /** `ctx.trial` of the first trial: 0, or where a run whose trial hung left off. */
  readonly firstTrial: number;
  /**
   * Whether `ctx.align()` meets the other actors. Only when every actor has
   * a core: with more actors than cores each rendezvous waits for an actor
   * the OS has not scheduled (IRIW, 4 actors on 2 cores, went from 150 ns to
   * 5.6 µs per sample), so there it returns at once.
   */
  readonly align: boolean;
}

/** Coordinator → worker. */
export type ToWorker = {
  readonly type: 'run';
  readonly moduleUrl: string;
  readonly experimentId: string;
  /**
   * The actor this worker runs; null for a controller, which runs none and
   * only leads (a run with a trial deadline: it stays free to notice an actor
   * that never finishes, whichever actor that is).
   */
  readonly actor: number | null;
  /** Whether this worker leads: actor 0 without a trial deadline, the controller with one. */
  readonly lead: boolean;
  readonly actors: number;
  readonly params: Params;
  readonly memory: SharedArrayBuffer;
  /** The buffers of the layout's regions that have one of their own (sharedBuffer), by region name. */
  readonly buffers: Readonly<Record<string, SharedArrayBuffer>>;
  readonly control: SharedArrayBuffer;
  readonly schedule: Schedule;
} | ToTest262Worker;

/** Coordinator → worker, for `racelab test262` (see test262/agent.ts). */
export type ToTest262Worker =
  | {
      /** Become a test's main script (`main`) or one of its agents, and evaluate `source`. */
      readonly type: 'test262';
      readonly role: 'main' | 'agent';
      readonly source: string;
      /** Shared by the main script and its agents: agents running, broadcasts received, reports. */
      readonly control: SharedArrayBuffer;
      /** The test's `features` (main only): one this runtime lacks skips the test. */
      readonly features: readonly string[];
    }
  /** The main script's `$262.agent.broadcast`, forwarded to each agent. */
  | { readonly type: 'test262-broadcast'; readonly buffer: SharedArrayBuffer; readonly id: unknown };

/** Worker → coordinator, for `racelab test262`. */
export type FromTest262Worker =
  /** The main script called `$262.agent.start(source)`; it blocks until the agent runs. */
  | { readonly type: 'test262-start'; readonly source: string }
  | { readonly type: 'test262-broadcast'; readonly buffer: SharedArrayBuffer; readonly id: unknown }
  | { readonly type: 'test262-print'; readonly text: string }
  /** The script ran to its end without throwing. */
  | { readonly type: 'test262-evaluated' }
  /** The script threw: the thrown value's constructor name (for `negative`) and how it reads. */
  | { readonly type: 'test262-threw'; readonly name: string | undefined; readonly message: string }
  /** An agent called `$262.agent.leaving()`. */
  | { readonly type: 'test262-leaving' }
  | { readonly type: 'test262-skip'; readonly reason: string };

/** Worker → coordinator. */
export type FromWorker =
  | { readonly type: 'progress'; readonly trials: number; readonly elapsedMs: number }
  | {
      readonly type: 'result';
      /** Distinct outcomes and how often each occurred in counted trials. */
      readonly histogram: [OutcomeValue, number][];
      /** Duration of each counted trial that ended, in milliseconds (a hung trial has none). */
      readonly samples: Float64Array;
      readonly trials: number;
      readonly elapsedMs: number;
      /** Trials started, warm-up and a hung one included. */
      readonly ran: number;
      /** Instances per trial (samples a trial counts). */
      readonly instances: number;
      /**
       * Set when the run ended early because its last trial passed the
       * deadline: the actors still running then, and whether the trial was
       * counted (a warm-up trial is not). Its workers must be replaced.
       */
      readonly hung?: { readonly stillRunning: readonly number[]; readonly counted: boolean };
      /** How the rendezvous delay was tuned, when it was (see align-tuner.ts). */
      readonly align?: AlignSummary;
    }
  | { readonly type: 'finished' }
  /**
   * The worker is about to end itself (a Web Worker's `close()`, Deno's
   * `Deno.exit()` in a worker), which its parent would not otherwise see;
   * `how` names the call.
   */
  | { readonly type: 'closed'; readonly how: string }
  | {
      readonly type: 'error';
      readonly phase: 'load' | 'actor' | 'outcome';
      readonly actor: number;
      readonly message: string;
      readonly stack?: string;
    }
  | FromTest262Worker;
