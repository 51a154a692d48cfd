/**
 * Opens an HTML report in real headless Chromium and tells what a reader
 * would see: console errors, and for every chart canvas how many pixels carry
 * the chart's own data colours (not just axes and grid lines).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { RUNTIME_COLOURS } from '../src/reports/html-charts.js';

export const CHROMIUM = process.env.RACELAB_CHROMIUM ?? '/usr/bin/chromium';

/** Launch flags as runtimes/browser uses them (see SETUP.md). */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'racelab-report-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir: profile,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ChartPixels {
  readonly id: string;
  /** Pixels drawn at all (alpha > 0). */
  readonly painted: number;
  /** Pixels in one of the data colours (bars, boxes). */
  readonly data: number;
}

/** `#4e79a7` → [78, 121, 167]. */
export const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Data colours of the report's charts (html-charts.ts): outcome classes, the p25–p75 box, and the runtimes' bars in the outcome rates. */
const DATA_COLOURS: [number, number, number][] = [
  [0x2d, 0xa4, 0x4e],
  [0xfb, 0x85, 0x00],
  [0xcf, 0x22, 0x2e],
  [9, 105, 218],
  ...RUNTIME_COLOURS.map(rgb),
];

/** Counts, for every canvas of the page, its painted pixels and its data-coloured pixels. */
export function chartPixels(page: Page): Promise<ChartPixels[]> {
  return page.evaluate((colours) => {
    return [...document.querySelectorAll('canvas')].map((canvas) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      let data = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        painted++;
        if (colours.some(([r, g, b]) => Math.abs(pixels[i]! - r) + Math.abs(pixels[i + 1]! - g) + Math.abs(pixels[i + 2]! - b) < 24)) data++;
      }
      return { id: canvas.id, painted, data };
    });
  }, DATA_COLOURS);
}

/** The ids of charts that show no data: a check that fails when a chart is blank. */
export const blankCharts = (pixels: readonly ChartPixels[]) => pixels.filter((p) => p.data === 0).map((p) => p.id);

/** Opens `file` (at `width` × 900 px, and at `hash` if given), collecting console errors and page errors. */
export async function openReport(browser: Browser, file: string, options: { width?: number; hash?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push((e as Error).message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.setViewport({ width: options.width ?? 1200, height: 900 });
  await page.goto(`${pathToFileURL(file).href}${options.hash ? `#${options.hash}` : ''}`, { waitUntil: 'load' });
  return { page, errors };
}

/** How many charts the page has drawn so far (each is drawn when its section is first opened). */
export const chartsDrawn = (page: Page) => page.$eval('body', (b) => Number(b.dataset.charts));

/** Opens every folded section, as a reader clicking through would, and waits until every chart is drawn. */
export async function openAllSections(page: Page): Promise<void> {
  await page.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await page.waitForFunction(() => Number(document.body.dataset.charts) === JSON.parse(document.getElementById('racelab-charts')!.textContent!).length);
}
