/**
 * Prepares a plugin written anywhere (TypeScript or JavaScript) so that every
 * runtime can import it, in one step shared by all runtimes.
 *
 * The plugin is bundled once with esbuild into a temporary folder as one ESM
 * file: TypeScript is stripped (Node 20 cannot import .ts), the plugin's own
 * files and dependencies (resolved from its folder) are inlined, and every
 * import of `@racelab/core` is rewritten to the absolute path of the core this
 * harness runs. Why not inline core too: the Node, Deno and Bun hosts then
 * load the plugin against the very module instance of core they already run
 * (no second copy of the engine's primitives to JIT), and a plugin outside the
 * repo needs no `node_modules` of its own. Discovery does not depend on it:
 * `experimentsOf` and `isExperiment` are structural checks.
 *
 * - node, deno, bun: import the prepared file URL directly.
 * - chromium, firefox: the browser runtime bundles the prepared file like any
 *   plugin; the absolute core path resolves there as well.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateModule } from '@racelab/experiments-litmus/generate';
import { build, type Plugin } from 'esbuild';
import { UsageError } from '../options/usage-error.js';
import { readLitmusFile } from './litmus.js';
import { checkWithProgress } from './model-progress.js';

/** Extensions a plugin may have: a module of experiments, or a litmus test the harness turns into one. */
export const PLUGIN_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.litmus'] as const;

let outDir: string | undefined;

/** One temporary folder per process, removed when the process exits. */
function preparedDir(): string {
  if (!outDir) {
    const dir = mkdtempSync(join(tmpdir(), 'racelab-plugins-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  return outDir;
}

/** The real path of the core this harness runs, e.g. `/repo/packages/core/dist/index.js`. */
function coreEntry(): string {
  return realpathSync(fileURLToPath(import.meta.resolve('@racelab/core')));
}

/** Resolves `@racelab/core` to this harness's core and leaves it an import (not inlined). */
function coreOfThisHarness(): Plugin {
  const core = coreEntry();
  return {
    name: 'racelab-core',
    setup(b) {
      b.onResolve({ filter: /^@racelab\/core$/ }, () => ({ path: core, external: true }));
      b.onResolve({ filter: /^@racelab\/core\// }, (args) => {
        throw new Error(`a plugin may import only '@racelab/core' itself: received '${args.path}'`);
      });
    },
  };
}

let count = 0;

/** The file each prepared module was bundled from, so that messages name the file the user wrote. */
const sources = new Map<string, string>();

/** The plugin file a prepared module URL was bundled from, if it was. */
export function pluginSourceOf(url: string): string | undefined {
  return sources.get(url);
}

/**
 * Bundles the plugin at `path` (absolute) and returns the file URL of the
 * prepared module. A plugin that does not compile is a usage error naming the
 * file, line and reason.
 */
export async function preparePlugin(path: string): Promise<string> {
  const ext = extname(path);
  if (!(PLUGIN_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UsageError(`Cannot load plugin '${path}' as it must be ${PLUGIN_EXTENSIONS.join(', ')}: received '${ext || 'no extension'}'`);
  }
  const dir = join(preparedDir(), String(count++));
  mkdirSync(dir);
  const outfile = join(dir, `${basename(path, ext)}.mjs`);
  // A litmus file becomes a generated module first, then is prepared like any other.
  const entry = ext === '.litmus' ? writeLitmusModule(path, join(dir, 'litmus-source.mjs')) : path;
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      // Neutral: the same file runs in Node, Deno, Bun and a browser; a plugin
      // that imports `node:*` fails in browsers with its own error, as it should.
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [coreOfThisHarness()],
    });
  } catch (error) {
    throw new UsageError(`Cannot load plugin '${path}' as it does not compile: ${describeBuildError(error)}`);
  }
  const url = pathToFileURL(outfile).href;
  sources.set(url, path);
  return url;
}

/**
 * Reads a litmus file, decides its outcomes with the memory models and writes
 * the experiment module generated from it; a malformed file is a usage error
 * with its file, line and column.
 */
function writeLitmusModule(path: string, outfile: string): string {
  const test = readLitmusFile(path);
  writeFileSync(outfile, generateModule([{ test, report: checkWithProgress(test, { executions: false }) }], 'litmus-file'));
  return outfile;
}

function describeBuildError(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] })
    .errors;
  if (!errors?.length) return (error as Error).message;
  return errors
    .map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text))
    .join('; ');
}
