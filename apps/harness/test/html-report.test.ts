/**
 * The HTML report in real headless Chromium: it opens offline with no
 * console error, its grid fits one screen, its filters and folded sections
 * work, and every chart is drawn with its data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuntimes } from '../src/comparison/runtime-comparison.js';
import { renderHtml } from '../src/reports/html.js';
import { FIVE_RUNTIMES } from './default-suite.js';
// `document` stays the page's own inside page.evaluate: the fixture is `runtimeDocument` here.
import { document as runtimeDocument, lesson, result } from './fixtures.js';
import { blankCharts, chartPixels, chartsDrawn, launchChromium, openAllSections, openReport, rgb } from './headless-report.js';
import { RUNTIME_COLOURS } from '../src/reports/html-charts.js';
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
    runtimeDocument('firefox', [
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
    // Folded, nothing is drawn yet; opened, everything is.
    expect(await chartsDrawn(page)).toBe(0);
    await openAllSections(page);
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
    await openAllSections(page);
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
    await openAllSections(page);
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
    await openAllSections(page);
    expect(blankCharts(await chartPixels(page))).toEqual([]);
    const tables = await page.$$eval('table.model', (all) => all.map((t) => t.querySelectorAll('tbody tr').length));
    expect(tables).toEqual([4, 4]);
    // The weak outcome of SB with Atomics is forbidden by the ECMAScript model: its row says so.
    const forbidden = await page.$$eval('table.model td.no', (cells) => cells.length);
    expect(forbidden).toBeGreaterThanOrEqual(3);
    // Executions are drawn (in a section of their own, opened above): their SVG has boxes with a size.
    const box = await page.$eval('details.executions svg', (svg) => svg.getBoundingClientRect().height);
    expect(box).toBeGreaterThan(100);
    expect(await page.$$eval('details.executions svg rect.violating', (r) => r.length)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('HTML report of the default suite on five runtimes', () => {
  const file = join(folder, 'default-suite.html');
  writeFileSync(file, renderHtml(compareRuntimes(FIVE_RUNTIMES)));

  it('starts with the grid, at most 1,200 px tall at 1,300 px wide; the whole page folded is at most 3,000 px; no console error', async () => {
    const { page, errors } = await openReport(chromium.browser, file, { width: 1300 });
    const layout = await page.evaluate(() => ({
      grid: document.getElementById('at-a-glance')!.getBoundingClientRect().toJSON() as DOMRect,
      first: document.querySelector('h1')!.nextElementSibling!.id,
      page: document.documentElement.scrollHeight,
      rows: document.querySelectorAll('.g-row').length,
      open: document.querySelectorAll('details[open]').length,
    }));
    expect(layout.first).toBe('at-a-glance');
    expect(layout.rows).toBe(120);
    expect(layout.grid.height).toBeLessThanOrEqual(1200);
    expect(layout.grid.bottom).toBeLessThanOrEqual(1200);
    expect(layout.open).toBe(0);
    expect(layout.page).toBeLessThanOrEqual(3000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters the grid by suite, by verdict and to the rows where runtimes differ', async () => {
    const documents = [
      lesson('node', { racy: true }),
      runtimeDocument('deno', [
        result({ id: 'lesson/two-threads-racy', histogram: [[200, 50, 'acceptable']] }),
        result({ id: 'lesson/two-threads-locked', histogram: [[200, 49, 'acceptable'], [199, 1, 'forbidden']] }),
        result({ id: 'memory/tear', histogram: [['whole', 10, 'acceptable']] }),
      ]),
    ];
    const html = join(folder, 'filters.html');
    writeFileSync(html, renderHtml(compareRuntimes(documents)));
    const { page, errors } = await openReport(chromium.browser, html);
    const shown = () => page.$$eval('.g-row:not([hidden])', (rows) => rows.map((r) => r.querySelector('.name')!.textContent));
    const heads = () => page.$$eval('.g-head:not([hidden])', (all) => all.map((h) => (h as HTMLElement).dataset.group));
    expect(await shown()).toEqual(['two-threads-racy', 'two-threads-locked', 'tear']);
    await page.select('select[name=group]', 'memory');
    expect(await shown()).toEqual(['tear']);
    expect(await heads()).toEqual(['memory']);
    await page.select('select[name=group]', '');
    await page.select('select[name=verdict]', 'fail');
    expect(await shown()).toEqual(['two-threads-locked']);
    await page.select('select[name=verdict]', '');
    // Lost updates on node only, a forbidden outcome on deno only: both rows differ; memory/tear ran on deno alone.
    await page.select('select[name=differs]', 'outcomes');
    expect(await shown()).toEqual(['two-threads-racy', 'two-threads-locked']);
    expect(await page.$eval('output[name=shown]', (o) => o.textContent)).toBe('2 of 3 experiments');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a folded section from its cell in the grid, and from a link to it, and draws its charts then', async () => {
    const { page, errors } = await openReport(chromium.browser, file, { width: 1300 });
    const id = 'lesson/experiment-number-0';
    const isOpen = () => page.$eval(`[id="${id}"]`, (d) => (d as HTMLDetailsElement).open);
    expect(await isOpen()).toBe(false);
    await page.click(`.g-row a.c[href="#${id}"]`);
    await page.waitForFunction(() => Number(document.body.dataset.charts) === 6);
    expect(await isOpen()).toBe(true);
    // It is in view, and its histograms and speed chart have data.
    const top = await page.$eval(`[id="${id}"]`, (d) => d.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    expect(blankCharts((await chartPixels(page)).filter((p) => p.id.endsWith('-0') || p.id.startsWith('hist-0-')))).toEqual([]);
    await page.close();
    const linked = await openReport(chromium.browser, file, { width: 1300, hash: 'litmus/mp+plain+atomic-flag+mixed-size-3' });
    expect(await linked.page.$eval('[id="litmus/mp+plain+atomic-flag+mixed-size-3"]', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await chartsDrawn(linked.page)).toBe(2);
    expect([...errors, ...linked.errors]).toEqual([]);
    await linked.page.close();
  });

  it('draws an outcome seen in 0.01% of the samples as a visible bar on the log-scale rates chart', async () => {
    const rare = runtimeDocument('node', [
      result({ id: 'litmus/sb', instances: 1000, histogram: [['r0=0; r1=0', 100, 'interesting'], ['r0=1; r1=0', 499_950, 'acceptable'], ['r0=0; r1=1', 499_950, 'acceptable']] }),
    ]);
    const html = join(folder, 'rare.html');
    writeFileSync(html, renderHtml(compareRuntimes([rare])));
    const { page, errors } = await openReport(chromium.browser, html, { hash: 'litmus/sb' });
    await page.waitForFunction(() => Number(document.body.dataset.charts) === 2);
    expect(await page.$eval('table.outcomes', (t) => t.textContent)).toContain('100 (0.01% 0.008–0.01%)');
    const bar = await page.$eval('#outcomes-0', (canvas) => {
      const chart = (window as unknown as { Chart: { getChart(c: Element): { scales: { x: { type: string } }; getDatasetMeta(i: number): { data: { x: number; y: number; base: number }[] } } } }).Chart.getChart(canvas)!;
      const { x, y, base } = chart.getDatasetMeta(0).data[0]!;
      const ratio = (canvas as HTMLCanvasElement).width / canvas.getBoundingClientRect().width;
      const pixel = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(Math.round(((x + base) / 2) * ratio), Math.round(y * ratio), 1, 1).data;
      return { axis: chart.scales.x.type, length: Math.abs(x - base), pixel: [pixel[0], pixel[1], pixel[2]] };
    });
    expect(bar.axis).toBe('logarithmic');
    // On a linear axis of 0–100% it would be 0.01% of the width: well under a pixel.
    expect(bar.length).toBeGreaterThan(40);
    expect(bar.pixel).toEqual(rgb(RUNTIME_COLOURS[0]));
    expect(errors).toEqual([]);
    await page.close();
  });
});
