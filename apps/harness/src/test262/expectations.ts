/**
 * Known failures per runtime (`racelab test262 --expectations <file>`), so
 * that CI fails on a new failure and not on one already understood. The file
 * is JSON (or YAML): runtime id (or "*" for every runtime) → the tests, as a list of
 * paths under `test/` (globs allowed) or an object of path → why.
 *
 * ```json
 * { "firefox": { "built-ins/Atomics/waitAsync/**": "SpiderMonkey ESR lacks waitAsync" }, "*": ["built-ins/Atomics/wait/foo.js"] }
 * ```
 */
import { readFileSync } from 'node:fs';
import { type ExperimentResult, type RuntimeId, runtimeId } from '@racelab/core/schema';
import { LineCounter, parseDocument } from 'yaml';
import { UsageError } from '../options/usage-error.js';
import { globToRegExp } from '../plugins/glob.js';

export interface Expectations {
  readonly file: string;
  /** Why `id` is a known failure on `runtime`, or undefined if it is not one. */
  knownFailure(runtime: RuntimeId, id: string): string | undefined;
  /** Entries that name no test of `ids`: probably a typo or a test that moved. */
  unused(ids: readonly string[]): string[];
}

export function readExpectations(file: string): Expectations {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the expectations file ${file}: ${(error as Error).message}`);
  }
  // JSON is YAML: one parser gives the line of a mistake in either.
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problem = document.errors[0];
  if (problem) {
    const { line, col } = lines.linePos(problem.pos[0]);
    throw new UsageError(`${file}:${line}:${col}: not valid JSON or YAML: ${problem.message.split('\n')[0]}`);
  }
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file}: must be a JSON object of runtime → known failures, e.g. { "firefox": ["built-ins/Atomics/waitAsync/**"] }`);
  }
  const valid = ['*', ...runtimeId.options];
  const rules: { runtime: string; pattern: string; match: RegExp; why: string }[] = [];
  for (const [runtime, entries] of Object.entries(data)) {
    if (!valid.includes(runtime)) throw new UsageError(`${file}: unknown runtime '${runtime}'. Valid: ${valid.join(', ')}`);
    const pairs: [string, unknown][] = Array.isArray(entries) ? entries.map((e: unknown) => [e as string, file]) : Object.entries(entries ?? {});
    if (typeof entries !== 'object' || entries === null) throw new UsageError(`${file}: "${runtime}" must be a list of test paths or an object of path → why`);
    for (const [pattern, why] of pairs) {
      if (typeof pattern !== 'string' || typeof why !== 'string') {
        throw new UsageError(`${file}: "${runtime}" must list test paths as strings (and reasons as strings): got ${JSON.stringify(pattern)}`);
      }
      rules.push({ runtime, pattern, match: globToRegExp(pattern.replace(/^test\//, '')), why });
    }
  }
  const path = (id: string) => id.replace(/^test262\//, '');
  return {
    file,
    knownFailure: (runtime, id) => rules.find((r) => (r.runtime === '*' || r.runtime === runtime) && r.match.test(path(id)))?.why,
    unused: (ids) => rules.filter((r) => !ids.some((id) => r.match.test(path(id)))).map((r) => `${r.runtime}: ${r.pattern}`),
  };
}

/** Marks a result that the expectations list as a known failure here. */
export function markKnownFailure(expectations: Expectations | undefined, result: ExperimentResult, runtime: RuntimeId): ExperimentResult {
  const why = expectations?.knownFailure(runtime, result.id);
  if (!why || !result.test262) return result;
  return { ...result, test262: { ...result.test262, knownFailure: why } };
}
