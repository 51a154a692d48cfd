/**
 * A test262 checkout, read as test262's INTERPRETING.md says: which files
 * are tests, what their front matter asks for (includes, flags, features,
 * negative), in which modes each runs, and which harness files go before it.
 * Anything malformed is a usage error naming the file and line.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Test262Test } from '@racelab/core';
import { LineCounter, parseDocument } from 'yaml';
import { UsageError } from '../options/usage-error.js';
import { globToRegExp } from '../plugins/glob.js';

/** The tests selected from a checkout, and the harness files they include, by name. */
export interface Test262Selection {
  readonly root: string;
  readonly tests: Test262Test[];
  readonly harness: Record<string, string>;
}

/** Every flag INTERPRETING.md defines. */
const FLAGS = ['onlyStrict', 'noStrict', 'module', 'raw', 'async', 'generated', 'CanBlockIsFalse', 'CanBlockIsTrue', 'non-deterministic'] as const;
const PHASES = ['parse', 'resolution', 'runtime'] as const;
/** What `$262.agent` tests live under; the default selection is its folders that use agents. */
const ATOMICS = 'test/built-ins/Atomics';

/**
 * Reads the tests that `patterns` select under `root` (folders, files or
 * globs, relative to the checkout; default: the folders of Atomics whose
 * tests use `$262.agent`).
 */
export function selectTest262(rootArg: string, patterns: readonly string[], timeoutMs: number): Test262Selection {
  const root = resolve(rootArg);
  if (!existsSync(join(root, 'harness', 'assert.js')) || !existsSync(join(root, 'test'))) {
    throw new UsageError(
      `Cannot use ${rootArg} as a test262 checkout: ${join(rootArg, 'harness', 'assert.js')} or ${join(rootArg, 'test')} is missing. ` +
        'Give the root of a clone of https://github.com/tc39/test262',
    );
  }
  const files = new Set<string>();
  for (const pattern of patterns.length > 0 ? patterns : agentFolders(root)) {
    const matched = filesFor(root, pattern);
    if (matched.length === 0) throw new UsageError(`No test262 test matches '${pattern}' in ${rootArg} (give folders, files or globs relative to the checkout, e.g. test/built-ins/Atomics/wait)`);
    for (const file of matched) files.add(file);
  }
  const harness: Record<string, string> = {};
  const tests = [...files].sort().map((file) => {
    const test = readTest(root, file, timeoutMs);
    for (const name of test.includes) harness[name] ??= readFileSync(join(root, 'harness', name), 'utf8');
    return test;
  });
  return { root, tests, harness };
}

/** The folders under Atomics with a test that uses `$262.agent`. */
function agentFolders(root: string): string[] {
  const atomics = join(root, ATOMICS);
  if (!existsSync(atomics)) throw new UsageError(`Cannot find ${ATOMICS} in ${root}: give the tests to run`);
  const folders = readdirSync(atomics, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${ATOMICS}/${entry.name}`)
    .filter((folder) => testFiles(join(root, folder)).some((file) => readFileSync(file, 'utf8').includes('$262.agent')));
  if (folders.length === 0) throw new UsageError(`No test under ${ATOMICS} in ${root} uses $262.agent: give the tests to run`);
  return folders;
}

/** Test files (not `_FIXTURE` files) at or under `path`. */
function testFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js') && !name.includes('_FIXTURE'))
    .map((name) => join(path, name));
}

function filesFor(root: string, pattern: string): string[] {
  const path = isAbsolute(pattern) ? pattern : join(root, pattern);
  if (existsSync(path)) {
    if (relative(root, path).startsWith('..')) throw new UsageError(`Cannot run '${pattern}': it is outside the checkout ${root}`);
    return testFiles(path);
  }
  const glob = globToRegExp(pattern.replaceAll('\\', '/'));
  return testFiles(join(root, 'test')).filter((file) => glob.test(posix(relative(root, file))));
}

const posix = (path: string) => path.split(sep).join('/');

/** One test file: its front matter checked, its modes and harness files decided. */
export function readTest(root: string, file: string, timeoutMs: number): Test262Test {
  const name = posix(relative(root, file));
  const source = readFileSync(file, 'utf8');
  const meta = frontMatter(name, source);
  const flags = new Set(meta.flags);
  const async = flags.has('async');
  const raw = flags.has('raw');
  const modes: Test262Test['modes'] = raw ? ['raw'] : flags.has('onlyStrict') ? ['strict'] : flags.has('noStrict') ? ['non-strict'] : ['non-strict', 'strict'];
  const includes = raw ? [] : [...new Set(['assert.js', 'sta.js', ...(async ? ['doneprintHandle.js'] : []), ...meta.includes])];
  for (const include of includes) {
    if (!existsSync(join(root, 'harness', include))) {
      throw new UsageError(`${name}:${meta.lineOf('includes')}: includes ${include}, which ${join(root, 'harness')} does not have`);
    }
  }
  return {
    id: `test262/${posix(relative(join(root, 'test'), file))}`,
    title: meta.description.split('\n')[0]!.trim() || name,
    file: name,
    source,
    includes,
    modes,
    async,
    features: meta.features,
    ...(meta.negative && { negative: meta.negative }),
    cannotBlock: flags.has('CanBlockIsFalse'),
    ...(flags.has('module') && { skip: 'module tests are not run: racelab evaluates each test as a script' }),
    timeoutMs,
  };
}

interface FrontMatter {
  readonly description: string;
  readonly includes: string[];
  readonly flags: (typeof FLAGS)[number][];
  readonly features: string[];
  readonly negative?: { phase: string; type: string };
  /** The file's line of a key, for messages. */
  lineOf(key: string): number;
}

/** The YAML between `/*---` and `---*\/`, checked field by field. */
function frontMatter(name: string, source: string): FrontMatter {
  const start = source.indexOf('/*---');
  const end = source.indexOf('---*/', start);
  if (start < 0 || end < 0) throw new UsageError(`${name}: no front matter (/*--- … ---*/), which every test262 test has`);
  const firstLine = source.slice(0, start).split('\n').length;
  const lines = new LineCounter();
  const document = parseDocument(source.slice(start + 5, end), { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => firstLine + lines.linePos(offset).line - 1;
  const problem = document.errors[0];
  if (problem) throw new UsageError(`${name}:${at(problem.pos[0])}: the front matter is not valid YAML: ${problem.message.split('\n')[0]}`);
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${name}:${firstLine}: the front matter must be a YAML mapping`);
  const lineOf = (key: string) => {
    const node = document.get(key, true) as { range?: [number, number] } | undefined;
    return node?.range ? at(node.range[0]) : firstLine;
  };
  const record = data as Record<string, unknown>;
  const list = (key: string, valid?: readonly string[]): string[] => {
    const value = record[key] ?? [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new UsageError(`${name}:${lineOf(key)}: '${key}' must be a list of names`);
    const wrong = valid && value.find((v) => !valid.includes(v));
    if (wrong) throw new UsageError(`${name}:${lineOf(key)}: unknown ${key.replace(/s$/, '')} '${wrong}'. Valid: ${valid.join(', ')}`);
    return value as string[];
  };
  const negative = record.negative;
  if (negative !== undefined) {
    const n = negative as Record<string, unknown>;
    if (typeof n !== 'object' || n === null || !PHASES.includes(n.phase as never) || typeof n.type !== 'string') {
      throw new UsageError(`${name}:${lineOf('negative')}: 'negative' must have a phase (${PHASES.join(', ')}) and an error type`);
    }
  }
  return {
    description: typeof record.description === 'string' ? record.description : '',
    includes: list('includes'),
    flags: list('flags', FLAGS) as FrontMatter['flags'],
    features: list('features'),
    ...(negative !== undefined && { negative: negative as { phase: string; type: string } }),
    lineOf,
  };
}
