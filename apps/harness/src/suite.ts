/** Finds experiments: the built-in plugin packages, loaded in Node to read their definitions. */
import { type AnyExperiment, experimentsOf } from '@racelab/core';
import { UsageError } from './usage-error.js';

/** The plugin packages that make up the default suite, in the order they run. */
export const BUILT_IN_PLUGINS = ['@racelab/experiments-lesson'] as const;

/** An experiment and the module URL every host imports it from. */
export interface SuiteEntry {
  readonly module: string;
  readonly definition: AnyExperiment;
}

/** Loads every experiment of the given plugin modules (package names or file URLs). */
export async function loadSuite(modules: readonly string[] = BUILT_IN_PLUGINS): Promise<SuiteEntry[]> {
  const entries: SuiteEntry[] = [];
  for (const specifier of modules) {
    const url = specifier.startsWith('file:') ? specifier : import.meta.resolve(specifier);
    const module = (await import(url)) as Record<string, unknown>;
    for (const definition of experimentsOf(module)) entries.push({ module: url, definition });
  }
  return entries;
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
