/** `racelab new <name>`: scaffolds a ready-to-run experiment and its test in a folder. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { UsageError } from '../options/usage-error.js';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The files `racelab new <name>` writes, relative to the folder. */
export function scaffoldFiles(name: string): { experiment: string; test: string } {
  return { experiment: `${name}.ts`, test: `${name}.test.mjs` };
}

/**
 * Writes `<name>.ts` and `<name>.test.mjs` into `dir`. Refuses (a usage
 * error) when the name is not kebab-case or either file exists; writes
 * nothing in that case.
 */
export function scaffold(name: string, dir: string, cli = fileURLToPath(new URL('../cli.js', import.meta.url))): string[] {
  if (!NAME.test(name)) {
    throw new UsageError(`Cannot create experiment '${name}' as its name must be kebab-case, e.g. ring-buffer`);
  }
  const files = scaffoldFiles(name);
  const paths = [join(dir, files.experiment), join(dir, files.test)];
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length > 0) {
    throw new UsageError(`Cannot create experiment '${name}' as ${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}: nothing was written`);
  }
  writeFileSync(paths[0]!, experimentTemplate(name));
  writeFileSync(paths[1]!, testTemplate(name, cli));
  // The editor needs @racelab/core's types to report typos; a folder outside
  // the repo has no node_modules with it. An existing tsconfig is left alone.
  const tsconfig = join(dir, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    writeFileSync(tsconfig, tsconfigTemplate(fileURLToPath(new URL('index.d.ts', import.meta.resolve('@racelab/core')))));
    paths.push(tsconfig);
  }
  return paths;
}

/**
 * The guide, wherever racelab is: shipped in the installed package's docs/,
 * or at the top of the repository.
 */
function guidePath(): string {
  const candidates = ['../../docs/writing-experiments.md', '../../../../docs/writing-experiments.md'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

export function newCommand(): Command {
  return new Command('new')
    .description('Create <name>.ts (a commented example experiment), <name>.test.mjs and, if absent, a tsconfig.json in the current folder')
    .argument('<name>', 'the experiment name, kebab-case, e.g. ring-buffer')
    .action((name: string) => {
      const created = scaffold(name, resolve('.'));
      process.stdout.write(
        `Created ${created.join('\n        ')}\n\n` +
          `Run it on every runtime:  racelab run --plugin ./${scaffoldFiles(name).experiment} --runtime all\n` +
          `Test it:                  node --test ${scaffoldFiles(name).test}\n` +
          `The guide:                ${guidePath()}\n`,
      );
    });
}

export function experimentTemplate(name: string): string {
  return `/**
 * ${name}: a racelab experiment. Run it on every runtime with
 *
 *   racelab run --plugin ./${name}.ts --runtime all
 *
 * Two workers move money between two accounts, one unit at a time, under one
 * lock. The total must never change. Delete the lock.lock()/lock.unlock()
 * lines and run it again to see lost updates become a forbidden outcome.
 */
import { Mutex, defineExperiment, i32, primitive } from '@racelab/core';

/** Money in the system before every trial. */
const TOTAL = 1000;

export default defineExperiment({
  // Unique id, \`group/name\` in kebab-case: what --experiment selects.
  id: 'my/${name}',
  title: 'Two workers move money between two accounts under one lock',
  description: \`Each worker moves one unit at a time, holding a mutex. The total must stay \${TOTAL}.\`,

  // Parameters and their defaults. Override with --param rounds=1000.
  // Their names and types are inferred: params.rounds is a number, params.rouns is a type error.
  params: { rounds: 20_000 },

  // Shared memory: named regions of one SharedArrayBuffer, rebuilt in every
  // worker and reset before every trial. i32(initial) is an Int32Array of
  // length 1; primitive(Mutex) is a Mutex living in the same buffer.
  memory: { a: i32(TOTAL), b: i32(0), lock: primitive(Mutex) },

  // One function per worker, all released together at the start of a trial.
  // Touch the typed arrays directly in the loop: no helpers, no getters.
  // (\`!\` tells TypeScript that index 0 exists.)
  actors: [
    ({ memory: { a, b, lock }, params }) => {
      for (let i = 0; i < params.rounds; i++) {
        lock.lock();
        a[0]!--;
        b[0]!++;
        lock.unlock();
      }
    },
    ({ memory: { a, b, lock }, params }) => {
      for (let i = 0; i < params.rounds; i++) {
        lock.lock();
        b[0]!--;
        a[0]!++;
        lock.unlock();
      }
    },
  ],

  // Read once every actor has finished: one number, string or boolean per trial.
  outcome: ({ memory }) => memory.a[0]! + memory.b[0]!,

  // How each distinct outcome is classified: forbidden (the run fails),
  // interesting (counted and reported with its rate), or acceptable.
  expect: {
    forbidden: (total) => total !== TOTAL,
  },

  // Operations per trial, for ns/op: every move by both workers.
  ops: (p) => 2 * p.rounds,

  // Trials unless --trials or --time says otherwise.
  trials: 100,
});
`;
}

/** Lets an editor (and `tsc -p .`) resolve `@racelab/core` to the types of the core that runs the plugin. */
export function tsconfigTemplate(coreTypes: string): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2024'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      paths: { '@racelab/core': [coreTypes] },
    },
    include: ['*.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function testTemplate(name: string, cli: string): string {
  return `// Runs ${name}.ts with racelab and checks that no runtime saw a forbidden outcome.
//   node --test ${name}.test.mjs
//   RACELAB_RUNTIME=all node --test ${name}.test.mjs     (every runtime)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The racelab CLI that created this file; set RACELAB_CLI to use another.
const racelab = process.env.RACELAB_CLI ?? ${JSON.stringify(cli)};
const runtime = process.env.RACELAB_RUNTIME ?? 'node';

test('${name} never shows a forbidden outcome', () => {
  const json = join(mkdtempSync(join(tmpdir(), '${name}-')), 'results.json');
  const plugin = fileURLToPath(new URL('./${name}.ts', import.meta.url));
  const args = ['run', '--plugin', plugin, '--runtime', runtime, '--trials', '20', '--param', 'rounds=2000', '--json', json, '--quiet'];
  const run = spawnSync(process.execPath, [racelab, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  for (const document of JSON.parse(readFileSync(json, 'utf8'))) {
    for (const result of document.experiments) {
      assert.equal(result.verdict, 'pass', \`\${result.id} on \${document.runtime.id}: \${result.reason ?? JSON.stringify(result.histogram)}\`);
    }
  }
});
`;
}
