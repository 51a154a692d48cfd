/**
 * The contract between hosts, the harness and every report, defined once with
 * zod and validated wherever it is read: the run plan (harness → host), the
 * event protocol (host → harness, NDJSON) and the result document.
 *
 * Imported as `@racelab/core/schema` so that workers, which never validate,
 * do not load zod.
 */
import { z } from 'zod';
import { TIERS } from './launcher.js';

/** Version of the host ↔ harness event protocol. */
export const PROTOCOL_VERSION = 1;
/** Version of the result document. */
export const SCHEMA_VERSION = 1;

/**
 * A bigint, as the plan and the result document carry it: `{ "bigint": "123" }`
 * (JSON has no bigint; see json-value.ts for why an object). Hosts decode it
 * before actors, outcome and expect see a value; reports show `123n`.
 */
export const bigintJson = z.strictObject({ bigint: z.string().regex(/^-?(0|[1-9]\d*)$/) });
const outcomeValue = z.union([z.number(), z.string(), z.boolean(), bigintJson]);
const paramValue = z.union([z.number(), z.string(), z.boolean(), bigintJson]);
const params = z.record(z.string(), paramValue);
/** JSON turns NaN into null: statistics of an empty sample are null. */
const num = z.number().nullable();

export const runtimeId = z.enum(['node', 'deno', 'bun', 'chromium', 'firefox']);

export const runtimeInfo = z.object({
  id: runtimeId,
  version: z.string(),
  engine: z.string(),
});

export const capabilities = z.object({
  sharedArrayBuffer: z.boolean(),
  crossOriginIsolated: z.boolean().nullable(),
  atomicsWaitOnMainThread: z.boolean(),
  atomicsWaitAsync: z.boolean(),
  atomicsPause: z.boolean(),
  /** Optional: documents written before these were probed still validate. */
  float16Array: z.boolean().optional(),
  growableSharedArrayBuffer: z.boolean().optional(),
  cores: z.number().int(),
  clockResolutionNs: z.number(),
});

export const summary = z.object({
  median: num,
  p25: num,
  p75: num,
  min: num,
  max: num,
  mean: num,
  rme: num,
  samples: z.number().int(),
});

export const rate = z.object({
  count: z.number(),
  total: z.number(),
  rate: num,
  low: z.number(),
  high: z.number(),
});

export const verdict = z.enum(['pass', 'fail', 'error', 'timeout', 'skipped']);
export const outcomeClass = z.enum(['acceptable', 'interesting', 'forbidden']);

export const experimentResult = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  params,
  actors: z.number().int(),
  /** Independent test instances per trial; samples = trials × instances. */
  instances: z.number().int(),
  trials: z.number().int(),
  warmup: z.number().int(),
  /** How long the experiment could run before it was given up as a `timeout`. */
  timeoutMs: z.number().optional(),
  /** How long one trial could run before it was counted as the outcome `hung`. */
  trialDeadlineMs: z.number().optional(),
  /** How long waiting workers spun before sleeping (chosen by the engine unless the run set it): it decides whether races show. */
  spinMs: z.number().optional(),
  /** What the outcome is, for chart axes (from the experiment). */
  outcomeLabel: z.string().optional(),
  /** What the memory models say of each outcome, for experiments generated from litmus tests. */
  model: z
    .object({
      outcomes: z.array(
        z.object({
          outcome: z.string(),
          js: z.boolean(),
          sc: z.boolean(),
          tso: z.boolean(),
          /** Whether the threads run one after another, whole, in some order give it: a sample with any other outcome overlapped. */
          serial: z.boolean().optional(),
          /** Why the ECMAScript model forbids it. */
          explanation: z.string().optional(),
        }),
      ),
      /** The litmus test's text, so that reports can draw its executions. */
      source: z.string().optional(),
    })
    .optional(),
  verdict,
  reason: z.string().optional(),
  histogram: z.array(z.object({ outcome: outcomeValue, count: z.number().int(), class: outcomeClass })),
  distinct: z.number().int(),
  deterministic: z.boolean(),
  rates: z.object({
    interesting: rate,
    forbidden: rate,
    /**
     * Litmus tests: the share of samples whose outcome the actors cannot give
     * when they run one after another, i.e. samples in which they overlapped.
     */
    overlap: rate.optional(),
  }),
  /**
   * Batched experiments whose actors meet (ctx.align) and whose overlap shows
   * in their outcomes: the iterations the last actor to reach a rendezvous
   * waited before going on, as tuned for the most overlap, and how many
   * trials tried each delay (see align-tuner.ts).
   */
  align: z.object({ delay: z.number().int().nonnegative(), tries: z.record(z.string(), z.number().int()) }).optional(),
  /** Counted trials that passed their deadline (outcome `hung`), and per actor how many of them it was still running in. */
  hung: z
    .object({
      trials: z.number().int(),
      stillRunning: z.array(z.number().int()),
      /** Why the experiment ran fewer trials than asked, when a hung worker could not be stopped. */
      stoppedEarly: z.string().optional(),
    })
    .optional(),
  /** A test262 test (`racelab test262`): how each mode it ran in ended. */
  test262: z
    .object({
      /** The test file, relative to the checkout. */
      file: z.string(),
      modes: z.array(
        z.object({
          mode: z.enum(['non-strict', 'strict', 'raw']),
          verdict,
          /** Why it did not pass: the error, as the test262 rules judged it. */
          message: z.string().optional(),
          durationMs: z.number(),
        }),
      ),
      /** Set when an expectations file lists the test as a known failure here: why, or the file's name. */
      knownFailure: z.string().optional(),
    })
    .optional(),
  measure: z.object({ label: z.string(), unit: z.enum(['percent', 'number']), value: num }).optional(),
  timing: z
    .object({
      trialMs: summary,
      nsPerOp: summary.nullable(),
      opsPerSec: num,
      samplesPerSec: num,
      /** Interesting outcomes per second of wall time (optional: older documents lack it). */
      interestingPerSec: num.optional(),
      /** Trials too short for the clock one by one were timed in groups of this many consecutive trials (see timeableTrials). */
      group: z.number().int().positive().optional(),
      /** Why there is no per-op figure although the experiment counts operations. */
      withheld: z.string().optional(),
    })
    .nullable(),
  elapsedMs: z.number(),
});

export const planEntry = z.object({
  module: z.string(),
  id: z.string(),
  params,
  trials: z.number().int().positive().nullable(),
  timeBudgetMs: z.number().positive().nullable(),
  warmup: z.number().int().nonnegative(),
  timeoutMs: z.number().positive(),
  /** How long one trial may run before it is counted as `hung` (the experiment's own, or `--trial-deadline`); absent: no limit. */
  trialDeadlineMs: z.number().positive().nullable().optional(),
});

/** One test262 test file, as `racelab test262` hands it to a host (see core's test262/). */
export const test262Test = z.object({
  /** The result's id: `test262/` and the path under the checkout's `test/`. */
  id: z.string(),
  title: z.string(),
  file: z.string(),
  /** The test's text, front matter included. */
  source: z.string(),
  /** Harness files to put before it, in order (none for a `raw` test). */
  includes: z.array(z.string()),
  modes: z.array(z.enum(['non-strict', 'strict', 'raw'])),
  async: z.boolean(),
  features: z.array(z.string()),
  negative: z.object({ phase: z.string(), type: z.string() }).optional(),
  /** The test needs an agent that cannot block (`CanBlockIsFalse`). */
  cannotBlock: z.boolean(),
  /** Why no runtime runs it (a module test), as the harness decided. */
  skip: z.string().optional(),
  timeoutMs: z.number().positive(),
});

export const plan = z.object({
  v: z.literal(PROTOCOL_VERSION),
  experiments: z.array(planEntry),
  /** test262 tests to run after the experiments, with the harness files they include. */
  test262: z
    .object({
      harness: z.record(z.string(), z.string()),
      /** How many tests run at once. */
      concurrency: z.number().int().positive(),
      tests: z.array(test262Test),
    })
    .optional(),
  /** Overrides how long waiting workers spin before they sleep (see `spinBudgetMs`). */
  spinMs: z.number().nonnegative().optional(),
  /**
   * The heap limit of each worker, in MiB, where the host can set one (Node:
   * `--max-old-space-size`, which every worker inherits); elsewhere unused.
   */
  workerHeapMiB: z.number().int().positive().optional(),
});

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal(type), ...shape });

export const hostEvent = z.discriminatedUnion('type', [
  event('hello', { runtime: runtimeInfo, capabilities }),
  event('experiment-start', { id: z.string(), title: z.string(), params, actors: z.number().int() }),
  event('progress', { id: z.string(), trials: z.number().int(), elapsedMs: z.number() }),
  event('experiment-result', { result: experimentResult }),
  event('log', { level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  event('done', {}),
]);

export const machine = z.object({
  os: z.string(),
  arch: z.string(),
  cpus: z.number().int(),
  cpuModel: z.string(),
  memoryGiB: z.number(),
});

export const resultDocument = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('racelab'), version: z.string() }),
  createdAt: z.string(),
  machine,
  runtime: runtimeInfo,
  /** The JIT tier the run forced (`--tier`); absent: the runtime's default. */
  tier: z.enum(TIERS).optional(),
  capabilities: capabilities.nullable(),
  /** The run's settings as given (null: the experiment's or engine's default), so that a run can be repeated exactly. */
  settings: z
    .object({
      warmup: z.number().int().nullable(),
      spinMs: z.number().nullable(),
      timeoutMs: z.number(),
      /** `--trial-deadline`, if given (null: each experiment's own). */
      trialDeadlineMs: z.number().nullable().optional(),
      maxMemoryBytes: z.number(),
      /** Each worker's heap limit where the runtime has one (Node). */
      workerHeapMiB: z.number(),
    })
    .optional(),
  /** Set when the run did not finish: the host failed, or the user interrupted it. */
  incomplete: z.string().optional(),
  experiments: z.array(experimentResult),
});

export type RuntimeId = z.infer<typeof runtimeId>;
export type RuntimeInfo = z.infer<typeof runtimeInfo>;
export type Capabilities = z.infer<typeof capabilities>;
export type Verdict = z.infer<typeof verdict>;
/** jcstress's vocabulary for an outcome: acceptable, interesting or forbidden. */
export type OutcomeClass = z.infer<typeof outcomeClass>;
export type ExperimentResult = z.infer<typeof experimentResult>;
export type ModelVerdicts = NonNullable<ExperimentResult['model']>;
export type PlanEntry = z.infer<typeof planEntry>;
export type Test262Test = z.infer<typeof test262Test>;
export type Test262Plan = NonNullable<Plan['test262']>;
export type Plan = z.infer<typeof plan>;
export type HostEvent = z.infer<typeof hostEvent>;
export type Machine = z.infer<typeof machine>;
export type ResultDocument = z.infer<typeof resultDocument>;

/** Distributes Omit over a union, so each event keeps its own fields. */
type OmitV<T> = T extends unknown ? Omit<T, 'v'> : never;
/** An event as a host emits it, before the protocol version is stamped on. */
export type HostEventBody = OmitV<HostEvent>;

/**
 * Parses one NDJSON line of a host's output. Never throws: returns the event,
 * or an error that says what is wrong with the line.
 */
export function parseHostEvent(line: string): { ok: true; event: HostEvent } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: `not JSON: ${preview(line)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `not an event object: ${preview(line)}` };
  }
  const v = (value as { v?: unknown }).v;
  if (v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      error:
        typeof v === 'number' && v > PROTOCOL_VERSION
          ? `protocol version ${v} is newer than this harness understands (${PROTOCOL_VERSION}): update racelab`
          : `missing or unknown protocol version ${JSON.stringify(v)}: ${preview(line)}`,
    };
  }
  const parsed = hostEvent.safeParse(value);
  if (!parsed.success) {
    const type = (value as { type?: unknown }).type;
    return { ok: false, error: `invalid '${String(type)}' event: ${z.prettifyError(parsed.error)}` };
  }
  return { ok: true, event: parsed.data };
}

function preview(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}
