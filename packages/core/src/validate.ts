/**
 * Checks an experiment definition before anything runs, so that a plugin's
 * mistake is one clear message naming the field, not a confusing failure
 * inside a worker on five runtimes. Plain JavaScript plugins have no type
 * checker to catch these.
 */
import { type AnyExperiment, layoutOf, resolveParams } from './experiment.js';
import { REQUIREMENTS } from './capabilities.js';
import { type LayoutSpec, type RegionSpec, placeLayout } from './layout.js';

/** One thing wrong with a definition: the field and what is wrong with it. */
export interface DefinitionProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Every problem of one definition, in field order; empty when it can run.
 *
 * @example
 * ```ts
 * validateExperiment({ ...definition, actors: [] });
 * // [{ field: 'actors', message: 'must list at least one actor function: received []' }]
 * ```
 */
export function validateExperiment(definition: AnyExperiment): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (typeof definition.id !== 'string' || !/^\S+$/.test(definition.id)) {
    problem('id', `must be a non-empty string without spaces, e.g. 'group/name': received ${show(definition.id)}`);
  }
  if (typeof definition.title !== 'string') problem('title', `must be a string: received ${show(definition.title)}`);
  checkActors(definition, problem);
  const paramsOk = checkParams(definition, problem);
  if (paramsOk) checkMemory(definition, problem);
  if (typeof definition.outcome !== 'function') problem('outcome', `must be a function: received ${show(definition.outcome)}`);
  if (definition.tally !== undefined && typeof definition.tally !== 'function') problem('tally', `must be a function: received ${show(definition.tally)}`);
  if (definition.tally !== undefined && definition.outcomeNames === undefined) problem('tally', 'counts codes: it needs outcomeNames');
  checkExpect(definition, problem);
  if (definition.progress !== undefined && typeof definition.progress !== 'function') problem('progress', `must be a function of the trial's memory: received ${show(definition.progress)}`);
  for (const field of ['ops', 'instances'] as const) {
    if (definition[field] !== undefined && typeof definition[field] !== 'function') {
      problem(field, `must be a function of the params: received ${show(definition[field])}`);
    }
  }
  if (definition.trials !== undefined && !(Number.isSafeInteger(definition.trials) && definition.trials > 0)) {
    problem('trials', `must be a positive integer: received ${show(definition.trials)}`);
  }
  if (definition.warmup !== undefined && !(Number.isSafeInteger(definition.warmup) && definition.warmup >= 0)) {
    problem('warmup', `must be a non-negative integer: received ${show(definition.warmup)}`);
  }
  return problems;
}

/**
 * Every problem of a plugin's definitions, each prefixed with the experiment
 * it belongs to, plus ids defined twice.
 */
export function validateExperiments(definitions: readonly AnyExperiment[]): string[] {
  const messages: string[] = [];
  const seen = new Set<string>();
  definitions.forEach((definition, index) => {
    const name = typeof definition.id === 'string' ? `experiment '${definition.id}'` : `experiment #${index + 1}`;
    if (typeof definition.id === 'string') {
      if (seen.has(definition.id)) messages.push(`${name}: id: is defined twice`);
      seen.add(definition.id);
    }
    for (const { field, message } of validateExperiment(definition)) messages.push(`${name}: ${field}: ${message}`);
  });
  return messages;
}

type Problem = (field: string, message: string) => void;

function checkActors(definition: AnyExperiment, problem: Problem): void {
  const actors: unknown = definition.actors;
  if (!Array.isArray(actors) || actors.length === 0) {
    problem('actors', `must list at least one actor function: received ${show(actors)}`);
    return;
  }
  actors.forEach((actor, i) => {
    if (typeof actor !== 'function') problem(`actors[${i}]`, `must be a function: received ${show(actor)}`);
  });
}

function checkParams(definition: AnyExperiment, problem: Problem): boolean {
  const params: unknown = definition.params;
  if (params === undefined) return true;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    problem('params', `must be an object of defaults: received ${show(params)}`);
    return false;
  }
  let ok = true;
  for (const [key, value] of Object.entries(params)) {
    const valid =
      typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
    if (!valid) {
      problem(`params.${key}`, `must be a finite number, a string or a boolean: received ${show(value)} (a bigint is allowed too)`);
      ok = false;
    }
  }
  return ok;
}

/** The layout for the default params must place, and every region must sit aligned and apart from the others. */
function checkMemory(definition: AnyExperiment, problem: Problem): void {
  let layout: LayoutSpec;
  try {
    layout = layoutOf(definition, resolveParams(definition));
  } catch (error) {
    problem('memory', `the layout function threw for the default params: ${(error as Error).message}`);
    return;
  }
  if (typeof layout !== 'object' || layout === null) {
    problem('memory', `must be a layout object such as { count: i32() }: received ${show(layout)}`);
    return;
  }
  for (const [name, region] of Object.entries(layout)) {
    const r = region as { byteLength?: unknown; align?: unknown };
    if (!Number.isSafeInteger(r?.byteLength) || (r.byteLength as number) < 0) {
      problem(`memory.${name}`, `has an invalid byteLength: received ${show(r?.byteLength)}`);
      return;
    }
    const align = r.align as number;
    if (!Number.isSafeInteger(align) || align < 1 || (align & (align - 1)) !== 0) {
      problem(`memory.${name}`, `is misaligned: its align must be a power of two: received ${show(r.align)}`);
      return;
    }
    const requires: unknown = (region as RegionSpec<unknown>).requires ?? [];
    const unknown = Array.isArray(requires) ? requires.filter((x) => !REQUIREMENTS.includes(x)) : [requires];
    if (unknown.length > 0) {
      problem(`memory.${name}`, `requires an unknown capability: received ${show(unknown[0])}; known are ${REQUIREMENTS.join(', ')}`);
      return;
    }
  }
  let offsets: Readonly<Record<string, number>>;
  try {
    offsets = placeLayout(layout).offsets;
  } catch (error) {
    problem('memory', (error as Error).message);
    return;
  }
  // Views overlap the region they see by design; own buffers are not in the layout's buffer.
  const placed = Object.entries(layout)
    .filter(([, region]) => !region.viewOf && !region.ownBuffer)
    .map(([name, region]) => ({ name, start: offsets[name]!, end: offsets[name]! + region.byteLength, align: region.align }))
    .sort((a, b) => a.start - b.start);
  placed.forEach((region, i) => {
    if (region.start % region.align !== 0) {
      problem(`memory.${region.name}`, `is misaligned: it starts at byte ${region.start}, not a multiple of ${region.align}`);
    }
    const next = placed[i + 1];
    if (next && region.end > next.start) {
      problem(`memory.${region.name}`, `overlaps memory.${next.name}: bytes ${next.start}..${region.end - 1}`);
    }
  });
}

function checkExpect(definition: AnyExperiment, problem: Problem): void {
  const expect: unknown = definition.expect;
  if (typeof expect !== 'object' || expect === null) {
    problem('expect', `must be { exactly } or predicates: received ${show(expect)}`);
    return;
  }
  if ('exactly' in expect) {
    const exactly = (expect as { exactly: unknown }).exactly;
    if (!['number', 'bigint', 'string', 'boolean', 'function'].includes(typeof exactly)) {
      problem('expect.exactly', `must be an outcome value or a function of the params: received ${show(exactly)}`);
    }
    return;
  }
  const e = expect as Record<string, unknown>;
  const predicates = (['forbidden', 'interesting', 'acceptable'] as const).filter((k) => e[k] !== undefined);
  for (const key of predicates) {
    if (typeof e[key] !== 'function') problem(`expect.${key}`, `must be a predicate function: received ${show(e[key])}`);
  }
  if (e.otherwise !== undefined && !['acceptable', 'interesting', 'forbidden'].includes(e.otherwise as string)) {
    problem('expect.otherwise', `must be 'acceptable', 'interesting' or 'forbidden': received ${show(e.otherwise)}`);
  }
  if (predicates.length === 0 && e.otherwise === undefined) {
    problem('expect', 'classifies nothing: give { exactly }, or at least one of forbidden, interesting, acceptable');
  }
}

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return String(value);
  }
}
