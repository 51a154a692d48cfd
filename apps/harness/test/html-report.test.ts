/**
 * The HTML report in real headless Chromium: it opens offline with no
 * console error and every chart is drawn with its data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuntimes } from '../src/comparison/runtime-comparison.js';
import { renderHtml } from '../src/reports/html.js';
import { document, lesson, result } from './fixtures.js';
import { blankCharts, chartPixels, launchChromium, openReport } from './headless-report.js';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const folder = mkdtempSync(join(tmpdir(), 'racelab-html-'));
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
});

function fixtureReport(): string {
  const documents = [
    lesson('node', { racy: true }),
    lesson('deno', { racy: true, nsLocked: 30 }),
    lesson('bun', { racy: false, nsLocked: 25 }),
    document('firefox', [
      result({ id: 'lesson/two-threads-racy', verdict: 'skipped', histogram: [], ns: null }),
      result({ id: 'lesson/two-threads-locked', verdict: 'skipped', histogram: [], ns: null }),
    ]),
  ];
  const file = join(folder, 'fixture.html');
  writeFileSync(file, renderHtml(compareRuntimes(documents)));
  return file;
}

describe('HTML report', () => {
  it('is one self-contained file: no external script, style or image', () => {
    const html = readFileSync(fixtureReport(), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/i);
    expect(html).toContain('Chart.js v4');
  });

  it('opens with no console error and draws every chart, a histogram per runtime and ns/op per experiment', async () => {
    const { page, errors } = await openReport(chromium.browser, fixtureReport());
    const pixels = await chartPixels(page);
    // 2 experiments × 3 runtimes that ran, + 2 speed charts; the skipped runtime gets a note, not a chart.
    expect(pixels.map((p) => p.id).sort()).toEqual([
      'hist-0-bun', 'hist-0-deno', 'hist-0-node', 'hist-1-bun', 'hist-1-deno', 'hist-1-node', 'speed-0', 'speed-1',
    ]);
    expect(blankCharts(pixels)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.$eval('body', (b) => b.dataset.charts)).toBe('8');
    const text = await page.$eval('body', (b) => b.innerText);
    expect(text).toContain('What each runtime can do');
    expect(text).toContain('Machine and runtime versions');
    expect(text).toMatch(/firefox: skipped\. it skipped/);
    await page.close();
  });

  it('the blank check fails for a chart that drew nothing', async () => {
    const { page } = await openReport(chromium.browser, fixtureReport());
    await page.$eval('#hist-1-deno', (c) => {
      const canvas = c as HTMLCanvasElement;
      canvas.getContext('2d')!.clearRect(0, 0, canvas.width, canvas.height);
    });
    expect(blankCharts(await chartPixels(page))).toEqual(['hist-1-deno']);
    await page.close();
  });

  it('racelab run --html on node: the lesson, drawn, no console error', async () => {
    const html = join(folder, 'run.html');
    const run = spawnSync(
      process.execPath,
      [cli, 'run', '-q', '--runtime', 'node', '-e', 'lesson/two-threads-*', '--param', 'increments=5000', '--trials', '10', '--out', join(folder, 'out'), '--html', html],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { page, errors } = await openReport(chromium.browser, html);
    const pixels = await chartPixels(page);
    expect(pixels.length).toBe(6);
    expect(blankCharts(pixels)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('racelab run --html on litmus tests: the verdicts of the models beside the counts, and executions drawn', async () => {
    const html = join(folder, 'litmus.html');
    const run = spawnSync(
      process.execPath,
      [cli, 'run', '-q', '--runtime', 'node,deno', '-e', 'litmus/sb+plain', '-e', 'litmus/sb+atomics', '--trials', '20', '--out', join(folder, 'out-litmus'), '--html', html],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { page, errors } = await openReport(chromium.browser, html);
    const tables = await page.$$eval('table.model', (all) => all.map((t) => t.querySelectorAll('tbody tr').length));
    expect(tables).toEqual([4, 4]);
    // The weak outcome of SB with Atomics is forbidden by the ECMAScript model: its row says so.
    const forbidden = await page.$$eval('table.model td.no', (cells) => cells.length);
    expect(forbidden).toBeGreaterThanOrEqual(3);
    // Executions are drawn (collapsed): open the first, its SVG has boxes with a size.
    await page.$eval('details.executions', (d) => ((d as HTMLDetailsElement).open = true));
    const box = await page.$eval('details.executions svg', (svg) => svg.getBoundingClientRect().height);
    expect(box).toBeGreaterThan(100);
    expect(await page.$$eval('details.executions svg rect.violating', (r) => r.length)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
