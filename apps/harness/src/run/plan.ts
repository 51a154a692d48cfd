/**
 * The plan every host receives: the selected experiments with their resolved
 * params, trial or time budget, warm-up and timeout. Bad params and layouts
 * too large for `--max-memory` are usage errors, found before anything runs.
 */
import { type Params, type Plan, type PlanEntry, encodeRecord, instancesOf, layoutOf, placeLayout, resolveParams } from '@racelab/core';
import { FROM_CLI, type Origin, invalidValue } from '../options/run-settings.js';
import { UsageError } from '../options/usage-error.js';
import type { SuiteEntry } from '../plugins/suite.js';

/**
 * The default of `--max-memory`: the most shared memory one experiment's
 * layout may take, and each Node worker's heap limit. Every built-in
 * experiment needs a few KiB; a huge `--param` is refused before any host
 * allocates it.
 */
export const DEFAULT_MAX_MEMORY_BYTES = 256 * 2 ** 20;

/** The default of `--timeout`: how long one experiment may run before it is given up as a `timeout`. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** What a run was asked for, as the command line and the config file set it (null: the experiment's or engine's default). */
export interface PlanOptions {
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
  /**
   * Whether `--timeout` (or the config's) set `timeoutMs`. If not, an
   * experiment with a trial deadline gets time for every trial to hang.
   */
  readonly timeoutGiven?: boolean;
  /** `--trial-deadline`: how long one trial may run before it counts as `hung`; null: the experiment's own, if any. */
  readonly trialDeadlineMs?: number | null;
  /** The most shared memory one experiment may take (see {@link DEFAULT_MAX_MEMORY_BYTES}). */
  readonly maxMemoryBytes?: number;
}

/**
 * Each experiment's params with `overrides` applied (only the params it has).
 * A key no selected experiment has, or a value of the wrong type, is a usage
 * error naming where it came from (`--param`, or the config file's `run.params`).
 */
export function resolveOverrides(
  entries: readonly SuiteEntry[],
  overrides: Readonly<Record<string, string | number | boolean>>,
  origin: Origin = FROM_CLI,
): Map<string, Params> {
  for (const key of Object.keys(overrides)) {
    if (!entries.some((e) => key in (e.definition.params ?? {}))) {
      const known = [...new Set(entries.flatMap((e) => Object.keys(e.definition.params ?? {})))];
      throw invalidValue('params', '--param', key, origin, `no selected experiment has it. Valid params: ${known.join(', ') || 'none'}`);
    }
  }
  const resolved = new Map<string, Params>();
  for (const { definition } of entries) {
    const own = Object.fromEntries(Object.entries(overrides).filter(([key]) => key in (definition.params ?? {})));
    try {
      resolved.set(definition.id, { ...resolveParams(definition, own) });
    } catch (error) {
      const message = (error as Error).message;
      throw new UsageError(origin.kind === 'cli' ? message : `Invalid run.params in ${origin.file}: ${message}`);
    }
  }
  return resolved;
}

/** Builds the plan every host receives; bad params are usage errors, found before anything runs. */
export function buildPlan(options: PlanOptions): Plan {
  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  const resolved = resolveOverrides(options.entries, options.overrides);
  const experiments = options.entries.map(({ module, definition }): PlanEntry => {
    const params = resolved.get(definition.id)!;
    // Own buffers count at their largest: a growable one may grow that far.
    checkMemory(definition.id, params, () => placeLayout(layoutOf(definition, params)).totalByteLength, maxMemoryBytes);
    const timeBudgetMs = options.trials === null ? options.timeBudgetMs : null;
    const trials =
      timeBudgetMs === null
        ? (options.trials ??
          (options.samples ? Math.ceil(options.samples / instancesOf(definition, params)) : null) ??
          definition.trials ??
          100)
        : null;
    const warmup = options.warmup ?? definition.warmup ?? 5;
    const trialDeadlineMs = options.trialDeadlineMs ?? definition.trialDeadlineMs ?? null;
    return {
      module,
      id: definition.id,
      // JSON has no bigint: { bigint: "5" }, decoded by the host.
      params: encodeRecord(params),
      trials,
      timeBudgetMs,
      warmup,
      timeoutMs: options.timeoutMs + (timeBudgetMs ?? 0) + (options.timeoutGiven ? 0 : hangAllowanceMs(trials, warmup, trialDeadlineMs)),
      trialDeadlineMs,
    };
  });
  return {
    v: 1,
    experiments,
    ...(options.spinMs !== undefined && options.spinMs !== null && { spinMs: options.spinMs }),
    workerHeapMiB: Math.max(16, Math.ceil(maxMemoryBytes / 2 ** 20)),
  };
}

/**
 * The time every trial of an experiment with a trial deadline may take to
 * hang, with a second each to replace its workers: a trial that hangs by
 * design must not turn into a `timeout` of the whole experiment (an explicit
 * `--timeout` still wins).
 */
function hangAllowanceMs(trials: number | null, warmup: number, trialDeadlineMs: number | null): number {
  return trialDeadlineMs === null || trials === null ? 0 : (trials + warmup) * (trialDeadlineMs + 1000);
}

/** Refuses a layout larger than `--max-memory` (or one that cannot be laid out) before any host allocates it. */
function checkMemory(id: string, resolved: Params, bytesOf: () => number, maxBytes: number): void {
  const params = encodeRecord(resolved);
  let bytes: number;
  try {
    bytes = bytesOf();
  } catch (error) {
    throw new UsageError(`Cannot run ${id} with params ${JSON.stringify(params)}: its memory layout failed: ${(error as Error).message}`);
  }
  if (bytes > maxBytes) {
    throw new UsageError(
      `Cannot run ${id} as its shared memory would take ${mib(bytes)}, more than --max-memory ${mib(maxBytes)}: ` +
        `lower its params (${JSON.stringify(params)}) or raise --max-memory`,
    );
  }
}

function mib(bytes: number): string {
  return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
}

