/**
 * Litmus files end to end, with the guide's own example (a file written from
 * the guide's format section, not from the catalog): `racelab model` prints
 * and draws what the models say, `racelab run --plugin <file>.litmus` runs
 * it on all five runtimes classified by the ECMAScript model, and a
 * malformed file is a usage error with its file, line and column.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const guide = readFileSync(new URL('../../../docs/writing-experiments.md', import.meta.url), 'utf8');
const example = /```litmus\n([\s\S]*?)```/.exec(guide)?.[1];
let dir: string;

function racelab(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  expect(example, 'the guide has a ```litmus block').toBeDefined();
  dir = mkdtempSync(join(tmpdir(), 'racelab-litmus-files-'));
  writeFileSync(join(dir, 'mp.litmus'), example!);
});

describe('racelab model', () => {
  it('prints the verdict of each model and why the ECMAScript model forbids an outcome', () => {
    const { code, stdout } = racelab('model', 'mp.litmus');
    expect(code).toBe(0);
    expect(stdout).toContain('MP+plain+atomic-flag');
    expect(stdout).toMatch(/condition \(exists\): its outcome is js forbidden, sc forbidden, tso forbidden/);
    expect(stdout).toMatch(/1:r0=1; 1:r1=0; data=1; flag=1: (coherent reads|sequentially consistent atomics|happens-before)/);
  });

  it('prints JSON, one object per test, for several files and globs', () => {
    // A second file: the catalog's store buffering test.
    writeFileSync(join(dir, 'sb.litmus'), readFileSync(fileURLToPath(import.meta.resolve('@racelab/model/catalog/SB+plain.litmus')), 'utf8'));
    const { code, stdout } = racelab('model', '*.litmus', '--json');
    expect(code).toBe(0);
    const reports = JSON.parse(stdout) as { test: string; condition: Record<string, string>; outcomes: { outcome: string; js: string }[] }[];
    expect(reports.map((r) => [r.test, r.condition])).toEqual([
      ['MP+plain+atomic-flag', { js: 'forbidden', sc: 'forbidden', tso: 'forbidden' }],
      ['SB+plain', { js: 'allowed', sc: 'forbidden', tso: 'allowed' }],
    ]);
    expect(reports[1]!.outcomes.find((o) => o.outcome.startsWith('0:r0=0; 1:r1=0'))!.js).toBe('allowed');
  });

  it('draws an execution per outcome as SVG', () => {
    const svg = join(dir, 'pictures');
    expect(racelab('model', 'mp.litmus', '--svg', svg).code).toBe(0);
    const files = readdirSync(svg);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect(readFileSync(join(svg, file), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // The forbidden outcome's picture names the axiom it violates.
    expect(files.map((f) => readFileSync(join(svg, f), 'utf8')).some((s) => s.includes('class="event violating"'))).toBe(true);
  });

  it('reports a malformed file with its file, line and column, exit 2', () => {
    writeFileSync(join(dir, 'bad.litmus'), example!.replace('r1 = data', 'r1 = dta'));
    const { code, stderr } = racelab('model', 'bad.litmus');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^racelab: Cannot read litmus test bad\.litmus:6:\d+: .*dta/m);
    expect(racelab('run', '--plugin', 'bad.litmus').code).toBe(2);
  });

  it('stops a test with more outcomes than --max-outcomes with a usage error that says what to do', () => {
    const limited = racelab('model', 'mp.litmus', '--max-outcomes', '2');
    expect(limited.code).toBe(2);
    expect(limited.stderr).toMatch(/^racelab: mp\.litmus: MP\+plain\+atomic-flag: the ECMAScript model allows more than 2 outcomes .*make the test smaller, or raise the limit with --max-outcomes\.$/m);
    expect(racelab('model', 'mp.litmus', '--max-outcomes', 'many').stderr).toMatch(/^racelab: Invalid --max-outcomes 'many': use a positive integer/m);
  });
});

describe('racelab run --plugin <file>.litmus', () => {
  it('runs the generated experiment on all five runtimes, classified by the model', () => {
    const json = join(dir, 'results.json');
    const { code, stderr } = racelab('run', '--plugin', 'mp.litmus', '--plugin', 'sb.litmus', '--runtime', 'all', '--trials', '50', '--json', json, '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const documents = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(documents.map((d) => d.runtime.id)).toEqual(['node', 'deno', 'bun', 'chromium', 'firefox']);
    for (const document of documents) {
      expect(document.experiments.map((e) => [e.id, e.verdict])).toEqual([
        ['litmus-file/mp+plain+atomic-flag', 'pass'],
        ['litmus-file/sb+plain', 'pass'],
      ]);
      const mp = document.experiments[0]!;
      expect(mp.trials * mp.instances).toBe(50 * 1000);
      // The model's verdicts travel with the result: the weak MP outcome is forbidden by js.
      expect(mp.model!.outcomes.find((o) => o.outcome === '1:r0=1; 1:r1=0; data=1; flag=1')).toMatchObject({ js: false, sc: false });
    }
  });
});
