/**
 * Every kind of shared memory on real workers on every runtime, through the
 * built CLI and a plugin fixture: values written in one worker read in
 * another, placement and alignment, reset between trials, buffers of their
 * own (growable too), Float16Array where it exists (skipped, with the reason,
 * where not), and a bigint param and outcome end to end — in the result
 * document, the terminal report, Markdown and HTML.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const fixture = fileURLToPath(new URL('./fixtures/kinds.ts', import.meta.url));
const RUNTIMES = ['node', 'deno', 'bun', 'chromium', 'firefox'];

describe('every kind of shared memory on every runtime', () => {
  const out = mkdtempSync(join(tmpdir(), 'racelab-kinds-'));
  let run: ReturnType<typeof spawnSync<string>>;
  beforeAll(() => {
    run = spawnSync(
      process.execPath,
      [cli, 'run', '--runtime', 'all', '--plugin', fixture, '--trials', '5', '--warmup', '2', '--param', 'base=7n',
        '--json', join(out, 'kinds.json'), '--markdown', join(out, 'kinds.md'), '--html', join(out, 'kinds.html')],
      { encoding: 'utf8', timeout: 300_000, cwd: scratchDir() },
    );
  }, 300_000);
  const documents = () => resultDocument.array().parse(JSON.parse(readFileSync(join(out, 'kinds.json'), 'utf8')));

  it('runs on all five runtimes and exits 0', () => {
    expect(run.stderr).not.toMatch(/error|Error/);
    expect(documents().map((d) => d.runtime.id)).toEqual(RUNTIMES);
    expect(run.status).toBe(0);
  });

  it.each(RUNTIMES)('%s: every kind written, read, aligned and reset; own and growable buffers', (runtime) => {
    const result = documents().find((d) => d.runtime.id === runtime)!.experiments.find((e) => e.id === 'fixture/every-kind')!;
    expect([result.verdict, result.reason, result.histogram.map((h) => h.outcome)]).toEqual(['pass', undefined, ['ok']]);
    expect(result.trials).toBe(5);
  });

  it.each(RUNTIMES)('%s: Float16Array where the runtime has it, skipped with the reason where not', (runtime) => {
    const document = documents().find((d) => d.runtime.id === runtime)!;
    const result = document.experiments.find((e) => e.id === 'fixture/f16')!;
    if (document.capabilities?.float16Array) {
      expect([result.verdict, result.histogram.map((h) => h.outcome)]).toEqual(['pass', ['ok']]);
    } else {
      expect([result.verdict, result.reason]).toEqual(['skipped', 'Float16Array is not available in this runtime (needed by memory.one)']);
    }
    expect(document.capabilities?.growableSharedArrayBuffer).toBe(true);
  });

  it.each(RUNTIMES)('%s: a bigint param and outcome travel as { bigint } in the document', (runtime) => {
    const result = documents().find((d) => d.runtime.id === runtime)!.experiments.find((e) => e.id === 'fixture/bigint')!;
    expect(result.params).toEqual({ base: { bigint: '7' } });
    expect(result.histogram).toEqual([{ outcome: { bigint: '21' }, count: 5, class: 'acceptable' }]);
    expect(result.verdict).toBe('pass');
  });

  it('reports show a bigint as 21n, in the terminal, Markdown and HTML', () => {
    const one = spawnSync(process.execPath, [cli, 'run', '--plugin', fixture, '-e', 'fixture/bigint', '--param', 'base=7n', '--trials', '3'], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: scratchDir(),
    });
    expect(one.stdout).toMatch(/fixture\/bigint\s+pass\s+3 trials\s+always 21n/);
    const markdown = readFileSync(join(out, 'kinds.md'), 'utf8');
    expect(markdown).toMatch(/always 21n/);
    expect(markdown).toMatch(/`base=7n`/);
    const html = readFileSync(join(out, 'kinds.html'), 'utf8');
    // The report's own text and chart data, before the chart library's source (which has "[object Object]" in it).
    const own = [html.slice(0, html.indexOf('Chart.js v')), html.slice(html.indexOf('id="racelab-charts"'))];
    expect(own[0]).toMatch(/<code>base=7n<\/code>/);
    expect(own[1]).toMatch(/"labels":\["21n"\]/);
    expect(own.some((part) => part.includes('[object Object]'))).toBe(false);
  });
});
