import { formatValue } from './json-value.js';
import type { CheckedLayout, LayoutSpec, Memory } from './layout.js';
import type { ModelVerdicts, OutcomeClass } from './schema.js';

export type { ModelVerdicts, OutcomeClass };

/** A parameter value: what `--param key=value` can set (`--param x=5n` for a bigint). */
export type ParamValue = number | string | boolean | bigint;
/** An experiment's parameters, with their defaults. */
export type Params = Readonly<Record<string, ParamValue>>;
/**
 * What a trial's outcome may be: a value that survives `postMessage`, and JSON
 * once encoded (a bigint travels as `{ "bigint": "…" }`; see json-value.ts).
 */
export type OutcomeValue = number | string | boolean | bigint;

/** What an actor and the outcome function see. Built once per worker; `trial` is updated in place. */
export interface TrialContext<P extends Params, L extends LayoutSpec> {
  /** The views over the experiment's SharedArrayBuffer. */
  readonly memory: Memory<L>;
  /** The resolved parameters (defaults overridden from the command line). */
  readonly params: P;
  /** This actor's position in `actors` (0 for the outcome function). */
  readonly actor: number;
  /** Number of the current trial, counting warm-up trials, from 0. */
  trial: number;
  /** For batched experiments: which instance the outcome function reads. */
  instance: number;
  /**
   * A rendezvous with the trial's other actors: returns once each of them has
   * called it as often as this one, or after about half a millisecond of waiting for
   * one that is not running (an actor the OS took its core from: the other
   * goes on, and the late one passes the rendezvous it missed until it has
   * caught up). A batched experiment calls it every few instances in every
   * actor (the same number of times in each) to keep the actors' sweeps in
   * step, so that instance i of one actor runs while the others run instance
   * i; the last to arrive waits a moment before it goes on, for as long as
   * makes the most samples overlap (tuned while the run goes, see
   * align-tuner.ts). The outcome function must not call it. With more actors
   * than cores it returns at once: the actors cannot all run at the same time
   * anyway, and each rendezvous would wait for one the OS has not scheduled.
   */
  readonly align: () => void;
}

/** An actor: the code one worker runs in every trial. */
export type Actor<P extends Params, L extends LayoutSpec> = (ctx: TrialContext<P, L>) => void;

/** A predicate over outcomes, given the parameters. */
export type OutcomePredicate<O, P> = (outcome: O, params: P) => boolean;

/**
 * How outcomes are classified. Either one exact value (everything else is
 * forbidden), or predicates tried in the order forbidden → interesting →
 * acceptable, with `otherwise` for an outcome that none matches.
 */
export type Expectation<O, P> =
  | { readonly exactly: O | ((params: P) => O) }
  | {
      readonly forbidden?: OutcomePredicate<O, P>;
      readonly interesting?: OutcomePredicate<O, P>;
      readonly acceptable?: OutcomePredicate<O, P>;
      /** Class of an outcome no predicate matched; `acceptable` unless set. */
      readonly otherwise?: OutcomeClass;
    };

/** A number derived from each outcome and averaged over the run, e.g. the lost-update rate. */
export interface Measure<O, P> {
  /** Short label for tables, e.g. `lost updates`. */
  readonly label: string;
  /** The value for one outcome; averaged over all trials, weighted by count. */
  readonly of: (outcome: O, params: P) => number;
  /** How to print it: `percent` multiplies by 100. */
  readonly unit?: 'percent' | 'number';
}

/** An experiment plugin, as written by its author. */
export interface ExperimentDefinition<P extends Params, L extends LayoutSpec, O extends OutcomeValue> {
  /** Unique id, `group/name` in kebab-case, e.g. `lesson/two-threads-racy`. */
  readonly id: string;
  /** One line for a table or a slide. */
  readonly title: string;
  /** A sentence or two: what the experiment shows. */
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Parameters and their defaults; each can be overridden with `--param key=value`. */
  readonly params?: P;
  /** The shared-memory layout, or a function of the parameters that returns it. */
  readonly memory: CheckedLayout<L> | ((params: P) => CheckedLayout<L>);
  /** One function per worker, all released together in every trial. */
  readonly actors: readonly Actor<P, L>[];
  /**
   * The trial's outcome, read after every actor has finished. In a batched
   * experiment it is called once per instance, with `ctx.instance` set.
   */
  readonly outcome: (ctx: TrialContext<P, L>) => O;
  /** What the outcome is, in a few words, for chart axes, e.g. `final value of the counter`. */
  readonly outcomeLabel?: string;
  /**
   * What the memory models say of each outcome (experiments generated from
   * litmus tests): reports show it beside what each runtime produced, and
   * call out outcomes the model allows that no runtime produced.
   */
  readonly model?: ModelVerdicts;
  /** Classifies each distinct outcome. */
  readonly expect: Expectation<O, P>;
  /** Operations one trial performs in all, for ns/op and ops/s. */
  readonly ops?: (params: P) => number;
  /**
   * Independent test instances per trial (litmus batching); 1 unless set.
   * Each actor sweeps all of them between two synchronisation points, and
   * `outcome` is read once per instance.
   */
  readonly instances?: (params: P) => number;
  /**
   * Names of the outcomes when `outcome` returns a code `0..n-1` (e.g.
   * `['r0=0 r1=0', 'r0=0 r1=1', ...]`): codes are counted in a typed array,
   * with no allocation per sample, and reports show the names. Expectations
   * receive the code.
   */
  readonly outcomeNames?: readonly string[] | ((params: P) => readonly string[]);
  /**
   * With `outcomeNames`: counts a whole trial's outcomes in one call, as
   * calling `outcome` for each instance would (`counts[code]++`, and
   * `other(value)` for an outcome that is not a code). The leader then makes
   * one call per trial instead of one per instance; generated litmus tests
   * have one (store buffering on Bun: 30 M samples/s with `outcome` per
   * instance, 67 M with a tally, 42 M for the test written by hand).
   * `outcome` stays the definition.
   */
  readonly tally?: (ctx: TrialContext<P, L>, instances: number, counts: Float64Array, other: (outcome: O) => void) => void;
  /** A number averaged over the run and shown in the results table. */
  readonly measure?: Measure<O, P>;
  /** Trials to run unless the command line says otherwise. */
  readonly trials?: number;
  /**
   * How long one trial may take, in milliseconds (`--trial-deadline`
   * overrides it). A trial whose actors have not all finished by then is
   * counted as the outcome `'hung'` (`expect` classifies it like any other),
   * its workers are terminated and replaced, and the next trial runs. Set it
   * for experiments whose actors may never end, e.g. a spin on a plain read
   * that the compiler hoists out of the loop. Unset, a trial may run until
   * the experiment's `--timeout`.
   */
  readonly trialDeadlineMs?: number;
  /**
   * What shows a trial is still moving, read from shared memory while it
   * runs (e.g. a count its actors raise). With it, a trial past its deadline
   * is `'hung'` only when this value did not change over the last deadline
   * period; otherwise it gets another period: on a loaded machine a trial
   * that takes turns with other processes is slow, not hung. Without it,
   * the deadline alone decides.
   */
  readonly progress?: (ctx: TrialContext<P, L>) => number;
  /** Warm-up trials, run first and not counted. */
  readonly warmup?: number;
}

/** Any experiment, with its types erased: what the engine handles. */
export type AnyExperiment = ExperimentDefinition<any, any, any>;

/**
 * Declares an experiment. Returns its argument unchanged: it only infers the
 * types, so that a typo in a parameter or a memory cell is a type error.
 *
 * @example
 * ```ts
 * import { defineExperiment, i32 } from '@racelab/core';
 *
 * export default defineExperiment({
 *   id: 'lesson/two-threads-racy',
 *   title: 'Two threads count on one plain counter',
 *   params: { increments: 100_000 },
 *   memory: { count: i32() },
 *   actors: [countUp, countUp],
 *   outcome: ({ memory }) => memory.count[0],
 *   expect: { forbidden: (n, p) => n > 2 * p.increments, interesting: (n, p) => n < 2 * p.increments },
 *   ops: (p) => 2 * p.increments,
 * });
 * ```
 */
export function defineExperiment<
  const P extends Params,
  const L extends LayoutSpec,
  O extends OutcomeValue,
>(definition: ExperimentDefinition<P, L, O>): ExperimentDefinition<P, L, O> {
  return definition;
}

/** The outcome of a trial that did not finish by its deadline (see `trialDeadlineMs`). */
export const HUNG = 'hung';

/** The parameter defaults of a definition merged with overrides, each checked against its default's type. */
export function resolveParams(definition: AnyExperiment, overrides: Readonly<Record<string, unknown>> = {}): Params {
  const defaults: Params = definition.params ?? {};
  const params: Record<string, ParamValue> = { ...defaults };
  for (const [key, raw] of Object.entries(overrides)) {
    if (!(key in defaults)) {
      const known = Object.keys(defaults);
      throw new TypeError(
        `Cannot set param '${key}' of ${definition.id} as it has no such param: ` +
          (known.length > 0 ? `valid params are ${known.join(', ')}` : 'it takes no params'),
      );
    }
    params[key] = coerceParam(definition.id, key, defaults[key]!, raw);
  }
  return params;
}

function coerceParam(id: string, key: string, example: ParamValue, raw: unknown): ParamValue {
  const fail = (expected: string): never => {
    const shown = typeof raw === 'bigint' ? formatValue(raw) : JSON.stringify(raw);
    throw new TypeError(`Cannot set param '${key}' of ${id} as it must be ${expected}: received ${shown}`);
  };
  if (typeof example === 'number') {
    const value = typeof raw === 'string' ? Number(raw.replaceAll('_', '')) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value) || (typeof raw === 'string' && raw.trim() === '')) {
      return fail('a finite number');
    }
    if (Number.isInteger(example) && !Number.isInteger(value)) return fail('an integer');
    return value;
  }
  if (typeof example === 'bigint') {
    if (typeof raw === 'bigint') return raw;
    // `5n`, `5`, `-5n`, `0xffn`, `1_000n`: as a literal is written in source.
    const text = typeof raw === 'string' ? raw.trim().replaceAll('_', '').replace(/n$/, '') : '';
    if (/^(-?\d+|0[xX][\da-fA-F]+|0[bB][01]+|0[oO][0-7]+)$/.test(text)) return BigInt(text);
    if (typeof raw === 'number' && Number.isSafeInteger(raw)) return BigInt(raw);
    return fail('a bigint such as 5n');
  }
  if (typeof example === 'boolean') {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    return fail('true or false');
  }
  return typeof raw === 'string' ? raw : fail('a string');
}

/** The memory layout of a definition for the given parameters. */
export function layoutOf(definition: AnyExperiment, params: Params): LayoutSpec {
  return typeof definition.memory === 'function' ? definition.memory(params) : definition.memory;
}

/** Independent instances one trial holds (1 unless the experiment is batched). */
export function instancesOf(definition: AnyExperiment, params: Params): number {
  return definition.instances ? definition.instances(params) : 1;
}

/** The outcome names of a definition whose outcomes are codes, or undefined. */
export function outcomeNamesOf(definition: AnyExperiment, params: Params): readonly string[] | undefined {
  const names = definition.outcomeNames;
  return typeof names === 'function' ? names(params) : names;
}

/** Classifies one outcome by a definition's expectation. */
export function classifyOutcome(definition: AnyExperiment, outcome: OutcomeValue, params: Params): OutcomeClass {
  const expect = definition.expect;
  if ('exactly' in expect) {
    const expected = typeof expect.exactly === 'function' ? expect.exactly(params) : expect.exactly;
    return Object.is(outcome, expected) ? 'acceptable' : 'forbidden';
  }
  if (expect.forbidden?.(outcome, params)) return 'forbidden';
  if (expect.interesting?.(outcome, params)) return 'interesting';
  if (expect.acceptable?.(outcome, params)) return 'acceptable';
  return expect.otherwise ?? 'acceptable';
}

/** Whether a value looks like an experiment definition (for plugin discovery). */
export function isExperiment(value: unknown): value is AnyExperiment {
  const v = value as AnyExperiment | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    Array.isArray(v.actors) &&
    typeof v.outcome === 'function' &&
    typeof v.expect === 'object'
  );
}

/**
 * The experiments a plugin module exports: its default export and every named
 * export that is an experiment or an array of experiments.
 */
export function experimentsOf(module: Readonly<Record<string, unknown>>): AnyExperiment[] {
  const found: AnyExperiment[] = [];
  const seen = new Set<unknown>();
  for (const value of Object.values(module)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isExperiment(item) && !seen.has(item)) {
        seen.add(item);
        found.push(item);
      }
    }
  }
  return found;
}

/** Plugin modules imported so far in this worker or host, by URL. */
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
