/**
 * `racelab.config.ts` / `racelab.config.json`: the plugins of a project and
 * the defaults of `racelab run`, read from the working directory. Options on
 * the command line win over the file.
 *
 * @example
 * ```ts
 * // racelab.config.ts
 * export default {
 *   plugins: ['./ring-buffer.ts'],
 *   run: { runtime: ['node', 'firefox'], trials: 200, params: { items: 1000 } },
 * };
 * ```
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { preparePlugin } from './prepare-plugin.js';
import { globToRegExp } from './glob.js';
import { RUN_SETTINGS, type RunSettingName } from '../options/run-settings.js';
import { UsageError } from '../options/usage-error.js';

/** The file names looked for, in this order. */
export const CONFIG_FILES = ['racelab.config.ts', 'racelab.config.mts', 'racelab.config.js', 'racelab.config.mjs', 'racelab.config.json'] as const;

/** Defaults for `racelab run`, named like its long options (in camelCase); numbers may be given as numbers. */
export type RunDefaults = {
  runtime?: string | string[];
  experiment?: string | string[];
  tier?: string | string[];
  params?: Record<string, string | number | boolean>;
} & { [K in RunSettingName]?: string | number };

/** What a config file holds. Plugin paths are relative to the file. */
export interface RacelabConfig {
  plugins?: string[];
  run?: RunDefaults;
}

/** A config file as read: its path, and its plugins as absolute paths. */
export interface LoadedConfig {
  readonly file: string;
  readonly plugins: readonly string[];
  readonly run: RunDefaults;
}

const RUN_KEYS: readonly string[] = ['runtime', 'experiment', 'tier', ...Object.keys(RUN_SETTINGS), 'params'];

/** Finds and reads the config file: `explicit` if given, else the first of {@link CONFIG_FILES} in `cwd`, else none. */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig | undefined> {
  const file = explicit ? resolve(cwd, explicit) : CONFIG_FILES.map((name) => resolve(cwd, name)).find((f) => existsSync(f));
  if (!file) return undefined;
  if (!existsSync(file)) throw new UsageError(`Cannot read config '${explicit}' as there is no such file: ${file}`);
  const raw = file.endsWith('.json') ? readJson(file) : await importConfig(file);
  return checkConfig(file, raw);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read config ${file} as it is not valid JSON: ${(error as Error).message}`);
  }
}

/** A TypeScript or JavaScript config is bundled like a plugin (it may import `@racelab/core`), then imported. */
async function importConfig(file: string): Promise<unknown> {
  const url = await preparePlugin(file);
  try {
    const module = (await import(url)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw new UsageError(`Cannot read config ${file} as it threw: ${(error as Error).message}`);
  }
}

function checkConfig(file: string, raw: unknown): LoadedConfig {
  const fail = (what: string): never => {
    throw new UsageError(`Cannot use config ${file} as ${what}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('it must export an object { plugins, run }');
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) if (key !== 'plugins' && key !== 'run') fail(`'${key}' is not a config key: use plugins, run`);
  const plugins = config.plugins ?? [];
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string')) fail("'plugins' must be an array of paths");
  const run = (config.run ?? {}) as Record<string, unknown>;
  if (typeof run !== 'object' || Array.isArray(run)) fail("'run' must be an object");
  for (const key of Object.keys(run)) {
    if (!RUN_KEYS.includes(key)) fail(`'run.${key}' is not a run option: use ${RUN_KEYS.join(', ')}`);
  }
  const names = (value: unknown) => typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  for (const key of ['runtime', 'experiment', 'tier']) {
    if (run[key] !== undefined && !names(run[key])) fail(`'run.${key}' must be a string or an array of strings: received ${JSON.stringify(run[key])}`);
  }
  const params = run.params;
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params) || Object.values(params).some((v) => !['string', 'number', 'boolean'].includes(typeof v)))) {
    fail(`'run.params' must be an object of numbers, strings and booleans, e.g. { "increments": 1000 }: received ${JSON.stringify(params)}`);
  }
  return { file, plugins: (plugins as string[]).map((p) => resolve(dirname(file), p)), run: run as RunDefaults };
}

/** Prepares plugin files (paths as given on the command line or in a config) and returns the module URLs to load. */
export async function preparePlugins(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const urls: string[] = [];
  for (const path of paths.flatMap((p) => expandGlob(p, cwd))) {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new UsageError(`Cannot load plugin '${path}' as there is no such file: ${absolute}`);
    urls.push(await preparePlugin(absolute));
  }
  return urls;
}

/**
 * `tests/*.litmus` → the matching files, sorted (a shell does this for the
 * command line; a config file's plugins need it done here). Wildcards (`*`,
 * `?`) in the file name only; a pattern that matches nothing is a usage error.
 */
export function expandGlob(path: string, cwd: string): string[] {
  const name = basename(path);
  if (!/[*?]/.test(name)) return [path];
  const folder = resolve(cwd, dirname(path));
  const pattern = globToRegExp(name);
  const matches = existsSync(folder) ? readdirSync(folder).filter((f) => pattern.test(f)).sort() : [];
  if (matches.length === 0) throw new UsageError(`Cannot load plugins '${path}' as no file matches it in ${folder}`);
  return matches.map((f) => join(folder, f));
}
