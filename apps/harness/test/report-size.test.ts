/**
 * The reports of the default suite stay small enough to read and to publish:
 * the terminal's in 80 lines of 100 columns (plus failures), the Markdown
 * within GitHub's 1 MiB job-summary limit on ten runtime columns.
 */
import { describe, expect, it } from 'vitest';
import { compareRuntimes } from '../src/comparison/runtime-comparison.js';
import { renderMarkdown } from '../src/reports/markdown.js';
import { ANSI } from '../src/reports/table.js';
import { renderTerminalReport } from '../src/reports/terminal.js';
import { FIVE_RUNTIMES, SUITE_SIZES, TEN_COLUMNS } from './default-suite.js';

const experiments = Object.values(SUITE_SIZES).reduce((a, b) => a + b, 0);

describe('report sizes for the default suite', () => {
  it('terminal: five runtimes in at most 80 lines of at most 100 columns, every experiment on a line; --details gives a block each', () => {
    const text = renderTerminalReport(FIVE_RUNTIMES).replace(ANSI, '');
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(80);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    for (const id of FIVE_RUNTIMES[0]!.experiments.map((e) => e.id)) {
      const name = id.slice(id.indexOf('/') + 1);
      // Long names are cut in the middle: both ends stay.
      expect(text).toContain(name.length <= 27 ? name : name.slice(-8));
    }
    const details = renderTerminalReport(FIVE_RUNTIMES, { details: true }).replace(ANSI, '');
    expect(details.match(/^ {2}verdict /gm)).toHaveLength(experiments);
    expect(details).toMatch(/counted\s+2M samples\s+2M samples/);
  });

  it('Markdown: ten runtime columns within 1 MiB, with every experiment in the grid and in its folded details', () => {
    const md = renderMarkdown(compareRuntimes(TEN_COLUMNS));
    const bytes = Buffer.byteLength(md, 'utf8');
    expect(bytes).toBeLessThan(2 ** 20);
    expect(md).toContain('| experiment | node | node·interpreter | deno | deno·interpreter | bun | bun·interpreter |');
    expect(md.match(/^<details><summary><b>/gm)).toHaveLength(experiments);
    // Batched tests count samples, with each outcome's rate and interval.
    expect(md).toMatch(/\| 2,000,000 samples \|/);
    expect(md).toMatch(/\| 200 \(0\.01% 0\.009–0\.01%\) \|/);
  });
});
