/**
 * Keeps the "Every kind of shared memory" example of docs/writing-experiments.md
 * true: it type-checks against @racelab/core as a `racelab new` folder does,
 * and runs, with a bigint `--param`, to the bigint outcome it promises. (The
 * guide's own test runs only blocks that name a file; this one names none.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { expect, it } from 'vitest';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const guide = readFileSync(new URL('../../../docs/writing-experiments.md', import.meta.url), 'utf8');
const example = /```ts\n(\/\/ every kind of shared memory[\s\S]*?)```/.exec(guide)?.[1];
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const coreTypes = fileURLToPath(new URL('../../core/dist/index.d.ts', import.meta.url));

it('type-checks and runs the guide example, with a bigint param and outcome', () => {
  expect(example).toBeDefined();
  const dir = mkdtempSync(join(tmpdir(), 'racelab-guide-memory-'));
  writeFileSync(join(dir, 'halves.ts'), example!);
  const compilerOptions = {
    target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2024'], types: [],
    strict: true, noEmit: true, skipLibCheck: true, paths: { '@racelab/core': [coreTypes] },
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
  const checked = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  expect(checked.stdout + checked.stderr).toBe('');

  const json = join(dir, 'results.json');
  const run = spawnSync(process.execPath, [racelabCli(), 'run', '--plugin', 'halves.ts', '--param', 'value=0xffn', '--trials', '3', '--json', json, '--quiet'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  const [result] = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')))[0]!.experiments;
  expect([result!.verdict, result!.params, result!.histogram.map((h) => h.outcome)]).toEqual(['pass', { value: { bigint: '255' } }, [{ bigint: '255' }]]);
});
