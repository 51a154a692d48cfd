/** The comparison across runtimes and its text reports, on small fixed documents. */
import { describe, expect, it } from 'vitest';
import { compareRuntimes } from '../src/comparison/runtime-comparison.js';
import { shortColumnNames } from '../src/comparison/glance.js';
import { histogramBuckets, histogramChart } from '../src/reports/html-charts.js';
import { medianInterval } from '../src/comparison/median-interval.js';
import { cellFigures, formatRate } from '../src/reports/format.js';
import { renderMarkdown } from '../src/reports/markdown.js';
import { ANSI } from '../src/reports/table.js';
import { renderComparison } from '../src/reports/terminal.js';
import { document, lesson, result } from './fixtures.js';

describe('compareRuntimes', () => {
  it('puts experiments down and runtimes across, in racelab order, with every cell figure', () => {
    const c = compareRuntimes([lesson('deno', { racy: false, nsLocked: 40 }), lesson('node', { racy: true })]);
    expect(c.runtimes).toEqual(['node', 'deno']);
    expect(c.rows.map((r) => r.id)).toEqual(['lesson/two-threads-racy', 'lesson/two-threads-locked']);
    const [node, deno] = c.rows[1]!.cells;
    expect(node!.speed).toMatchObject({ ratio: 1, fastest: true, significant: false });
    expect(deno!.speed!.ratio).toBe(2);
    expect(deno!.speed!.low).toBeGreaterThan(1);
    expect(deno!.speed!.significant).toBe(true);
    expect(c.rows[0]!.cells[0]!.result.rates.interesting.count).toBe(30);
  });

  it('calls out an outcome seen on one runtime and never on another, a verdict that differs, a real speed difference', () => {
    const c = compareRuntimes([lesson('node', { racy: true }), lesson('bun', { racy: false, nsLocked: 40 })]);
    const texts = c.findings.map((f) => `${f.kind} ${f.experiment}: ${f.text}`);
    expect(texts).toContainEqual(expect.stringMatching(/^outcome lesson\/two-threads-racy: interesting outcomes seen on node \(60%\); never on bun \(0 in 50 trials, rate < 6%\)/));
    expect(texts).toContainEqual(expect.stringMatching(/^speed lesson\/two-threads-locked: slower than node in ns\/op by 1\.2× or more: bun 2\.0×/));

    const v = compareRuntimes([
      document('node', [result({ id: 'x', histogram: [['a', 9, 'acceptable'], ['b', 1, 'forbidden']] })]),
      document('deno', [result({ id: 'x', histogram: [['a', 10, 'acceptable']] })]),
      document('firefox', [result({ id: 'x', verdict: 'skipped', histogram: [], ns: null })]),
    ]);
    expect(v.findings.map((f) => f.text)).toEqual([
      'verdicts differ: node fail, deno pass, firefox skipped',
      'forbidden outcome b seen on node (1×); never on deno (0 in 10 trials, rate < 30%)',
    ]);
  });

  it('calls a speed difference one that matters only from the minimum effect on, and only with an interval above 1', () => {
    // 1.1× with a tight interval: significant, but below the default 1.2×.
    const small = [lesson('node', { racy: false, nsLocked: 20 }), lesson('deno', { racy: false, nsLocked: 22 })];
    const byDefault = compareRuntimes(small);
    expect(byDefault.minEffect).toBe(1.2);
    expect(byDefault.rows[1]!.cells[1]!.speed).toMatchObject({ significant: true, matters: false });
    expect(byDefault.findings.filter((f) => f.kind === 'speed')).toEqual([]);
    const strict = compareRuntimes(small, { minEffect: 1.05 });
    expect(strict.rows[1]!.cells[1]!.speed).toMatchObject({ significant: true, matters: true });
    expect(strict.findings.map((f) => f.text)).toContainEqual(expect.stringMatching(/^slower than node in ns\/op by 1\.05× or more: deno 1\.1×/));
    // The rule is said in every report that lists differences.
    expect(renderMarkdown(strict)).toContain("a runtime's ns/op is at least 1.05× the fastest's and the 95% interval of that ratio excludes 1");
  });

  it('does not call a speed difference whose interval includes 1', () => {
    const c = compareRuntimes([lesson('node', { racy: true, nsLocked: 20 }), lesson('deno', { racy: true, nsLocked: 20.5 })]);
    expect(c.findings.filter((f) => f.kind === 'speed' && f.experiment === 'lesson/two-threads-locked')).toEqual([]);
    expect(c.rows[1]!.cells[1]!.speed!.low).toBeLessThan(1);
  });
});

describe('medianInterval', () => {
  it('narrows with more samples and stays within min and max', () => {
    const s = { median: 10, p25: 9, p75: 11, min: 8, max: 20, mean: 10, rme: 1, samples: 4 };
    const few = medianInterval(s)!;
    const many = medianInterval({ ...s, samples: 400 })!;
    expect(few.low).toBeGreaterThanOrEqual(8);
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
    // 1.96 · √(π/2) / 1.349 · IQR / √n
    expect(many.high - 10).toBeCloseTo((1.959964 * Math.sqrt(Math.PI / 2)) / 1.349 * 2 / 20, 6);
    expect(medianInterval(null)).toBeNull();
  });
});

describe('formatRate', () => {
  it('gives the rate with its interval, and "not seen in n ⇒ below 3/n" at zero', () => {
    expect(formatRate({ count: 9, total: 10, rate: 0.9, low: 0.596, high: 0.982 })).toBe('90% 60–98%');
    expect(formatRate({ count: 0, total: 100, rate: 0, low: 0, high: 0.037 })).toBe('none <3.0%');
    expect(formatRate({ count: 0, total: 10_000, rate: 0, low: 0, high: 0.0004 })).toBe('none <0.03%');
  });
});

describe('text reports', () => {
  const five = (['node', 'deno', 'bun', 'chromium', 'firefox'] as const).map((r, i) => lesson(r, { racy: i % 2 === 0, nsLocked: 20 + i * 10 }));

  it('prints one line per experiment of five runtimes within 100 columns, and with details the block of each', () => {
    const text = renderComparison(compareRuntimes(five));
    const lines = text.split('\n').map((l) => l.replace(ANSI, ''));
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^lesson 2 · 1 differs\s+nod den bun chr fir$/m);
    // Interesting outcomes on node, bun and firefox; deno to firefox slower than node by 1.5× to 3×.
    expect(text).toMatch(/^two-threads-racy\s+✓✱  ✓   ✓✱  ✓   ✓✱$/m);
    expect(text).toMatch(/^two-threads-locked\s+✓   ✓ ▃ ✓ ▅ ✓ ▅ ✓ ▅$/m);
    expect(text).toContain('Differences that matter (racelab run --details lists each):');
    const details = renderComparison(compareRuntimes(five), { details: true });
    expect(details).toMatch(/verdict\s+pass\s+pass\s+pass\s+pass\s+pass/);
    expect(details).toMatch(/counted\s+50 trials\s+50 trials/);
    expect(details).toMatch(/at least 1\.2× the fastest's and the 95% interval of that ratio\s+excludes 1/);
  });

  it('renders Markdown with the grid first, then the details of each experiment, folded', () => {
    const md = renderMarkdown(compareRuntimes(five));
    expect(md).toContain('| experiment | node | deno | bun | chromium | firefox |');
    expect(md).toContain('| `two-threads-racy` | ✅✱ | ✅ | ✅✱ | ✅ | ✅✱ |');
    expect(md.indexOf('## At a glance')).toBeLessThan(md.indexOf('## Experiments'));
    expect(md).toContain('<details><summary><b>Title of lesson/two-threads-racy</b> <code>lesson/two-threads-racy</code></summary>');
    expect(md).toMatch(/\| none <6\.0% \|/);
  });
});

describe('grid column headers', () => {
  it('name each column in three characters, told apart, and the terminal says which is which when it is not plain', () => {
    expect(shortColumnNames(['node', 'deno', 'bun', 'chromium', 'firefox'])).toEqual(['nod', 'den', 'bun', 'chr', 'fir']);
    expect(shortColumnNames(['node', 'node·interpreter', 'deno'])).toEqual(['nod', 'n·i', 'den']);
    expect(shortColumnNames(['node@20.20.2', 'node@22.12.0', 'deno'])).toEqual(['n20', 'n22', 'den']);
    expect(shortColumnNames(['node@20.20.2·interpreter', 'node@20.20.2', 'node@22.12.0'])).toEqual(['n1', 'n2', 'n3']);
    const tiers = renderComparison(compareRuntimes([lesson('node', { racy: true }), { ...lesson('node', { racy: true }), tier: 'interpreter' }]));
    expect(tiers.replace(ANSI, '')).toMatch(/^columns: nod node · n·i node·interpreter$/m);
    expect(tiers.replace(ANSI, '')).toMatch(/^lesson 2\s+nod n·i$/m);
  });
});

describe('figures per runtime', () => {
  it('count samples for a batched test, and say when trials were timed in groups or why there is no ns/op', () => {
    const batched = result({ id: 'litmus/sb', instances: 1000, histogram: [['a', 1990, 'acceptable'], ['b', 10, 'interesting']] });
    const grouped = { ...batched, timing: { ...batched.timing!, group: 8 } };
    const withheld = { ...batched, timing: { ...batched.timing!, nsPerOp: null, withheld: 'the trials are shorter than the clock step' } };
    const [a, b, c] = (['node', 'deno', 'bun'] as const).map((r, i) => document(r, [[batched, grouped, withheld][i]!]));
    const cells = compareRuntimes([a!, b!, c!]).rows[0]!.cells.map((cell) => cellFigures(cell!));
    expect(cells.map((f) => f.counted)).toEqual(['2,000 samples', '2,000 samples', '2,000 samples']);
    expect(cells[1]!['ns/op median (p25–p75)']).toBe('10 (9–11), timed in groups of 8 trials');
    expect(cells[2]!['ns/op median (p25–p75)']).toBe('none: the trials are shorter than the clock step');
  });
});

describe('histogram charts', () => {
  const xTitle = (spec: Parameters<typeof result>[0]) => {
    const row = compareRuntimes([document('node', [result(spec)])]).rows[0]!;
    const config = histogramChart(row, row.cells[0]!, histogramBuckets([row.cells[0]!])) as {
      options: { scales: { x: { title: { text: string } } } };
    };
    return config.options.scales.x.title.text;
  };

  it('label the outcome axis with what the experiment says the outcome is, not with a guess from its id', () => {
    expect(xTitle({ id: 'lesson/observer-reads-while-counting', outcomeLabel: 'value the observer read' })).toBe('outcome: value the observer read');
    expect(xTitle({ id: 'lesson/two-threads-racy', outcomeLabel: 'final value of the counter' })).toBe('outcome: final value of the counter');
    expect(xTitle({ id: 'lesson/something-new' })).toBe('outcome');
  });
});
