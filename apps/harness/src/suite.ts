/** Finds experiments: the built-in plugin packages, loaded in Node to read their definitions. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AnyExperiment, experimentsOf, validateExperiments } from '@racelab/core';
import { pluginSourceOf } from './prepare-plugin.js';
import { UsageError } from './usage-error.js';

/** The plugin packages that make up the default suite, in the order they run. */
export const BUILT_IN_PLUGINS = ['@racelab/experiments-lesson', '@racelab/experiments-litmus', '@racelab/experiments-primitives', '@racelab/experiments-locks'] as const;

/** An experiment and the module URL every host imports it from. */
export interface SuiteEntry {
  readonly module: string;
  readonly definition: AnyExperiment;
}

/** Loads every experiment of the given plugin modules (package names or file URLs); ids must be unique. */
export async function loadSuite(modules: readonly string[] = BUILT_IN_PLUGINS): Promise<SuiteEntry[]> {
  const entries: SuiteEntry[] = [];
  for (const specifier of modules) {
    const url = specifier.startsWith('file:') ? specifier : import.meta.resolve(specifier);
    let module: Record<string, unknown>;
    try {
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`Cannot load plugin ${displayName(url)}: ${(error as Error).message}`);
    }
    const found = experimentsOf(module);
    if (found.length === 0) {
      throw new UsageError(`Cannot use plugin ${displayName(url)} as it exports no experiment (use defineExperiment)`);
    }
    const problems = validateExperiments(found);
    if (problems.length > 0) {
      throw new UsageError(`Cannot use plugin ${displayName(url)} as its definitions are invalid:\n  ${problems.join('\n  ')}`);
    }
    for (const definition of found) {
      const twin = entries.find((e) => e.definition.id === definition.id);
      if (twin) throw new UsageError(`Experiment id '${definition.id}' is defined twice: in ${displayName(twin.module)} and in ${displayName(url)}`);
      entries.push({ module: url, definition });
    }
  }
  return entries;
}

/** The file URL of a plugin given on the command line as a path; the file must exist. */
export function pluginUrl(path: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new UsageError(`Cannot load plugin '${path}' as there is no such file: ${absolute}`);
  return pathToFileURL(absolute).href;
}

/**
 * The entries whose id matches any pattern (`*` matches within a path segment,
 * `**` across segments). No pattern selects all; a pattern that matches
 * nothing is a usage error naming the valid ids.
 */
export function selectExperiments(suite: readonly SuiteEntry[], patterns: readonly string[]): SuiteEntry[] {
  if (patterns.length === 0) return [...suite];
  for (const pattern of patterns) {
    if (!suite.some((e) => globToRegExp(pattern).test(e.definition.id))) {
      throw new UsageError(
        `No experiment matches '${pattern}'. Valid ids: ${suite.map((e) => e.definition.id).join(', ')}`,
      );
    }
  }
  return suite.filter((e) => patterns.some((p) => globToRegExp(p).test(e.definition.id)));
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A plugin file as a path, a package as its name: what the user wrote. */
function displayName(url: string): string {
  return pluginSourceOf(url) ?? (url.startsWith('file:') ? fileURLToPath(url) : url);
}
