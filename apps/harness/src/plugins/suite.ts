/** Finds experiments: the built-in plugin packages, loaded in Node to read their definitions. */
import { fileURLToPath } from 'node:url';
import { type AnyExperiment, experimentsOf, validateExperiments } from '@racelab/core';
import { preparePlugins } from './config.js';
import { globToRegExp } from './glob.js';
import { pluginSourceOf } from './prepare-plugin.js';
import { UsageError } from '../options/usage-error.js';

/** The plugin packages that make up the default suite, in the order they run. */
export const BUILT_IN_PLUGINS = ['@racelab/experiments-lesson', '@racelab/experiments-litmus/catalog', '@racelab/experiments-litmus', '@racelab/experiments-primitives', '@racelab/experiments-locks', '@racelab/experiments-memory'] as const;

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


/** A plugin file as a path, a package as its name: what the user wrote. */
function displayName(url: string): string {
  return pluginSourceOf(url) ?? (url.startsWith('file:') ? fileURLToPath(url) : url);
}

/** The selected experiments, and for each that came from a plugin file, that file as the user named it. */
export type Selection = SuiteEntry[] & { readonly pluginOf: (id: string) => string | undefined };

/**
 * The built-in suite plus the plugins (TypeScript or JavaScript files, each
 * prepared once for every runtime), then the experiments the patterns select.
 * With plugins and no pattern, only the plugins' experiments are selected.
 */
export async function selectSuite(plugins: readonly string[], patterns: readonly string[] = []): Promise<Selection> {
  const urls = await preparePlugins(plugins);
  const suite = await loadSuite([...BUILT_IN_PLUGINS, ...urls]);
  const entries = patterns.length === 0 && urls.length > 0 ? suite.filter((e) => urls.includes(e.module)) : selectExperiments(suite, patterns);
  // The file each plugin experiment came from, as given, for the reproduction command.
  const files = new Map(suite.filter((e) => urls.includes(e.module)).map((e) => [e.definition.id, plugins[urls.indexOf(e.module)]!]));
  return Object.assign(entries, { pluginOf: (id: string) => files.get(id) });
}
