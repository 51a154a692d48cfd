/**
 * `racelab merge` and `racelab compare` end to end: shards from real node
 * and deno runs, the built CLI, and every kind of bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultDocument } from '@racelab/core';
import { resultDocument } from '@racelab/core/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRuntimes } from '../src/comparison/runtime-comparison.js';
import { document, lesson } from './fixtures.js';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const folder = mkdtempSync(join(tmpdir(), 'racelab-merge-'));
const SMALL = ['-e', 'lesson/two-threads-*', '--param', 'increments=5000', '--trials', '10'];

function racelab(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, cwd: scratchDir() });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const grid = (documents: ResultDocument[]) =>
  compareRuntimes(documents).rows.map((r) => [r.id, ...r.cells.map((c) => (c ? `${c.runtime}:${c.result.verdict}` : '–'))]);

describe('racelab merge of real shards', () => {
  beforeAll(() => {
    for (const runtime of ['node', 'deno']) {
      const run = racelab('run', '-q', '--runtime', runtime, ...SMALL, '--out', join(folder, `shard-${runtime}`));
      expect(run.code, run.stderr).toBe(0);
    }
    const combined = racelab('run', '-q', '--runtime', 'deno,node', ...SMALL, '--out', join(folder, 'combined'));
    expect(combined.code, combined.stderr).toBe(0);
  });

  it('run --out writes one valid document per runtime', () => {
    const node = resultDocument.parse(read(join(folder, 'shard-node', 'node.json')));
    expect(node.runtime.id).toBe('node');
    expect(node.experiments).toHaveLength(3);
  });

  it('gives the same cells as one combined run, and writes every format', () => {
    const out = join(folder, 'merged');
    const { code, stdout, stderr } = racelab(
      'merge', join(folder, 'shard-deno'), join(folder, 'shard-node', 'node.json'),
      '--out', join(out, 'documents'), '--json', join(out, 'all.json'), '--markdown', join(out, 'r.md'), '--html', join(out, 'r.html'),
    );
    expect(stderr).toContain('Written:');
    expect(code).toBe(0);
    const merged = resultDocument.array().parse(read(join(out, 'all.json')));
    const combined = ['node', 'deno'].map((r) => resultDocument.parse(read(join(folder, 'combined', `${r}.json`))));
    expect(merged.map((d) => d.runtime.id)).toEqual(['node', 'deno']);
    expect(grid(merged)).toEqual(grid(combined));
    // Merging loses nothing: the shard's document comes out as it went in.
    expect(merged[0]).toEqual(read(join(folder, 'shard-node', 'node.json')));
    expect(read(join(out, 'documents', 'deno.json'))).toEqual(read(join(folder, 'shard-deno', 'deno.json')));
    expect(readFileSync(join(out, 'r.md'), 'utf8')).toContain('| experiment | node | deno |');
    expect(readFileSync(join(out, 'r.html'), 'utf8')).toContain('<canvas id="hist-0-deno"');
    // One line per experiment, grouped by suite: `two-threads-locked  ✓   ✓`,
    // or `✓ ▃ ✓` when the first runtime was measurably slower in this run (a speed mark).
    expect(stdout).toMatch(/^lesson 3/m);
    expect(stdout).toMatch(/^two-threads-locked\s+✓[ ▃▅█]+✓/m);
  });
});

describe('racelab merge and compare refuse bad input', () => {
  const bad = join(folder, 'bad');
  mkdirSync(bad, { recursive: true });
  const good = join(bad, 'node.json');
  writeFileSync(good, JSON.stringify(lesson('node', { racy: true })));
  const cases: [string, string, RegExp][] = [
    ['not-a-document.json', JSON.stringify({ hello: 'world' }), /not a result document/],
    ['version-2.json', JSON.stringify({ ...lesson('deno', { racy: true }), schemaVersion: 2 }), /schema version 2 is not 1.*update racelab/],
    ['truncated.json', JSON.stringify(lesson('deno', { racy: true })).slice(0, 200), /truncated/],
    ['invalid.json', JSON.stringify({ ...lesson('deno', { racy: true }), machine: { os: 1 } }), /invalid: machine/],
    ['node-again.json', JSON.stringify(lesson('node', { racy: false })), /runtime 'node' appears twice \(also in .*node\.json\)/],
  ];

  it.each(cases)('merge: %s → exit 2, the file and the problem named, nothing overwritten', (name, content, problem) => {
    const file = join(bad, name);
    writeFileSync(file, content);
    const html = join(bad, `${name}.html`);
    writeFileSync(html, 'before');
    const { code, stderr } = racelab('merge', good, file, '--html', html, '--json', html);
    expect(code).toBe(2);
    expect(stderr).toContain(`Cannot read ${file} as a racelab result document`);
    expect(stderr).toMatch(problem);
    expect(readFileSync(html, 'utf8')).toBe('before');
  });

  it('compare: a bad current document → exit 2; a missing file → exit 2', () => {
    expect(racelab('compare', good, join(bad, 'truncated.json')).code).toBe(2);
    const missing = racelab('compare', good, join(bad, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json.*no such file/);
  });
});

describe('racelab compare', () => {
  const dir = join(folder, 'compare');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, d: ResultDocument) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(d));
    return file;
  };
  const base = write('base.json', lesson('node', { racy: true, nsLocked: 20 }));

  it('exits 0 when nothing changed beyond noise', () => {
    const same = write('same.json', lesson('node', { racy: true, nsLocked: 20.4 }));
    const { code, stdout } = racelab('compare', base, same);
    expect(stdout).toContain('0 regressions, 0 improvements in 2 results compared');
    expect(code).toBe(0);
  });

  it('exits 1 on a significant slowdown over the threshold, and names it', () => {
    const slow = write('slow.json', lesson('node', { racy: true, nsLocked: 30 }));
    const { code, stdout } = racelab('compare', base, slow);
    expect(code).toBe(1);
    expect(stdout).toMatch(/regression\s+node\s+lesson\/two-threads-locked\s+slower by 50%: ns\/op 20 → 30/);
    // The same change under a higher threshold does not count.
    expect(racelab('compare', base, slow, '--threshold', '60%').code).toBe(0);
  });

  it('counts a verdict change always, and an improvement is not a regression', () => {
    const failing = document('node', [
      ...lesson('node', { racy: true }).experiments.slice(0, 1),
      { ...lesson('node', { racy: true }).experiments[1]!, verdict: 'fail' },
    ]);
    const md = join(dir, 'changes.md');
    const { code, stdout } = racelab('compare', base, write('fail.json', failing), '--markdown', md);
    expect(code).toBe(1);
    expect(stdout).toMatch(/regression\s+node\s+lesson\/two-threads-locked\s+verdict pass → fail/);
    expect(readFileSync(md, 'utf8')).toContain('🔴 regression');
    const fast = write('fast.json', lesson('node', { racy: true, nsLocked: 10 }));
    const improved = racelab('compare', base, fast);
    expect(improved.code).toBe(0);
    expect(improved.stdout).toMatch(/improvement\s+node\s+lesson\/two-threads-locked\s+faster by 50%/);
    expect(statSync(md).size).toBeGreaterThan(0);
  });
});
