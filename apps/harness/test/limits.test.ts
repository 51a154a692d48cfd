/**
 * What racelab refuses before anything runs (an invalid plugin, a layout over
 * --max-memory) and the limits of a run (--max-time), through the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { leftovers, marked } from './leftovers.js';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const longSuite = fileURLToPath(new URL('fixtures/long-suite.js', import.meta.url));

function racelab(...args: string[]) {
  return racelabWith(process.env, ...args);
}

function racelabWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, env, cwd: scratchDir() });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A plugin file in a fresh folder whose body follows the import of core. */
function plugin(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'racelab-plugin-')), 'plugin.js');
  writeFileSync(file, `import { defineExperiment, i32, i32Array } from '@racelab/core';\n${body}\n`);
  return file;
}

const VALID = `id: 'bad/x', title: 'x', memory: { x: i32() }, actors: [() => {}], outcome: () => 0, expect: { exactly: 0 }`;

describe('an invalid plugin', () => {
  it.each([
    ['no actors', `export default defineExperiment({ ${VALID}, actors: [] });`, /experiment 'bad\/x': actors: must list at least one actor function/],
    [
      'duplicate ids',
      `export const a = defineExperiment({ ${VALID} }); export const b = defineExperiment({ ${VALID}, title: 'y' });`,
      /experiment 'bad\/x': id: is defined twice/,
    ],
    [
      'a misaligned layout',
      `export default defineExperiment({ ${VALID}, memory: { odd: { kind: 'raw', byteLength: 12, align: 6, create: () => null } } });`,
      /experiment 'bad\/x': memory.odd: is misaligned/,
    ],
    [
      'a layout that would overlap',
      `export default defineExperiment({ ${VALID}, memory: { a: { kind: 'raw', byteLength: -8, align: 4, create: () => null }, b: i32() } });`,
      /experiment 'bad\/x': memory.a: has an invalid byteLength: received -8/,
    ],
    ['a param of the wrong type', `export default defineExperiment({ ${VALID}, params: { n: {} } });`, /experiment 'bad\/x': params.n: must be a finite number, a string or a boolean: received \{\}/],
    ['an expect that classifies nothing', `export default defineExperiment({ ${VALID}, expect: {} });`, /experiment 'bad\/x': expect: classifies nothing/],
  ])('with %s: exit 2, naming the file and the field, before anything runs', (_, body, message) => {
    const file = plugin(body);
    const json = join(mkdtempSync(join(tmpdir(), 'racelab-limits-')), 'r.json');
    const { code, stderr } = racelab('run', '--plugin', file, '--json', json);
    expect(code).toBe(2);
    expect(stderr).toContain(`racelab: Cannot use plugin ${file} as its definitions are invalid:`);
    expect(stderr).toMatch(message);
    expect(existsSync(json)).toBe(false);
  });
});

describe('limits', () => {
  const cells = plugin(
    `export default defineExperiment({ id: 'big/cells', title: 'x', params: { cells: 16 }, memory: (p) => ({ cells: i32Array(p.cells) }), actors: [() => {}], outcome: () => 0, expect: { exactly: 0 } });`,
  );

  it('refuses a --param whose layout exceeds --max-memory before any host allocates it (exit 2)', () => {
    const huge = racelab('run', '--plugin', cells, '--param', 'cells=1e12');
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/Cannot run big\/cells as its shared memory would take 3814697.3 MiB, more than --max-memory 256 MiB/);
    const bounded = racelab('run', '--plugin', cells, '--param', 'cells=1000000', '--max-memory', '1MiB');
    expect(bounded.code).toBe(2);
    expect(bounded.stderr).toMatch(/would take 3.8 MiB, more than --max-memory 1 MiB: lower its params \(\{"cells":1000000\}\) or raise --max-memory/);
    const invalid = racelab('run', '--plugin', cells, '--max-memory', 'lots');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/Invalid --max-memory 'lots'/);
  });

  it('stops the whole run at --max-time: what did not finish is a timeout, exit 3, nothing left behind', async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'racelab-limits-')), 'r.json');
    const started = Date.now();
    const { marker, env } = marked();
    const { code, stderr } = racelabWith(env, 'run', '--runtime', 'node,bun', '--plugin', longSuite, '--max-time', '3s', '--json', json, '-q');
    expect(code, stderr).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
    const [node, bun] = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(node!.incomplete).toBe('the run reached --max-time (3000 ms)');
    expect(node!.experiments.map((e) => [e.id, e.verdict, e.reason])).toEqual([
      ['long/first', 'pass', undefined],
      ['long/slow', 'timeout', 'not finished: the run reached --max-time (3000 ms)'],
      ['long/last', 'timeout', 'not finished: the run reached --max-time (3000 ms)'],
    ]);
    expect(bun!.experiments.map((e) => e.reason)).toEqual(Array(3).fill('not run: the run reached --max-time (3000 ms)'));
    expect(await leftovers(marker)).toEqual([]);
  });
});
