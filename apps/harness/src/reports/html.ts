/**
 * The comparison as one self-contained HTML page with charts: per experiment
 * a histogram of outcomes for each runtime and ns/op with spread; then the
 * verdict grid, the differences that matter, the capabilities of each runtime
 * and the machine and versions. Chart.js is read from node_modules and
 * inlined, so the page opens offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Capabilities, ran } from '@racelab/core';
import type { Cell, Comparison, ComparisonRow } from '../comparison/runtime-comparison.js';
import { checkTest, parseLitmus } from '@racelab/model';
import { executionSvg } from './execution-svg.js';
import { formatNsPerOp, formatNumber, formatPercent, formatRate, formatRatio, formatValue } from './format.js';
import { CLASS_COLOUR, CLASS_WORDS, histogramBuckets, histogramChart, speedChart } from './html-charts.js';
import { escapeHtml as esc, renderPage } from './html-template.js';
import { columnName } from '../documents/document.js';

/** Chart.js's UMD build: it defines `window.Chart` from a plain script tag. */
function readChartLibrary(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

const counted = (c: Cell) => ran(c.result.verdict);
const verdict = (v: string) => `<span class="verdict verdict-${v}">${v}</span>`;

const CAPABILITY_WORDS: Record<keyof Capabilities, string> = {
  sharedArrayBuffer: 'SharedArrayBuffer available',
  crossOriginIsolated: 'page is cross-origin isolated (browsers)',
  atomicsWaitOnMainThread: 'Atomics.wait allowed on the main thread',
  atomicsWaitAsync: 'Atomics.waitAsync available',
  atomicsPause: 'Atomics.pause available',
  float16Array: 'Float16Array available',
  growableSharedArrayBuffer: 'growable SharedArrayBuffer available',
  cores: 'cores the runtime sees',
  clockResolutionNs: 'clock resolution (ns)',
};

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function experimentSection(row: ComparisonRow, index: number, charts: { id: string; config: unknown }[]): string {
  const cells = row.cells.filter((c): c is Cell => c !== null);
  const withOutcomes = cells.filter(counted);
  const buckets = histogramBuckets(withOutcomes);
  const first = cells[0]!.result;
  const params = Object.entries(first.params).map(([k, v]) => `<code>${esc(k)}=${esc(formatValue(v))}</code>`).join(' ');
  const histograms = cells.map((c) => {
    if (!counted(c)) {
      return `<div class="note"><b>${c.runtime}</b>: ${verdict(c.result.verdict)}. ${esc((c.result.reason ?? '').split('\n')[0]!)}</div>`;
    }
    const id = `hist-${index}-${c.runtime}`;
    charts.push({ id, config: histogramChart(row, c, buckets) });
    return `<div class="chart"><canvas id="${id}" aria-label="${esc(`${row.title}: outcomes on ${c.runtime}`)}"></canvas></div>`;
  });
  const usedClasses = new Set(withOutcomes.flatMap((c) => c.result.histogram.map((h) => h.class)));
  const legend = (['acceptable', 'interesting', 'forbidden'] as const)
    .filter((k) => usedClasses.has(k))
    .map((k) => `<span><i style="background:${CLASS_COLOUR[k]}"></i>${CLASS_WORDS[k]}</span>`)
    .join('');
  let speed = '';
  if (withOutcomes.some((c) => c.result.timing?.nsPerOp?.median != null)) {
    const id = `speed-${index}`;
    charts.push({ id, config: speedChart(withOutcomes) });
    const height = 90 + 38 * withOutcomes.length;
    speed = `<h3>How fast: nanoseconds per operation on each runtime</h3>
<div class="chart speed" style="height:${height}px"><canvas id="${id}" aria-label="${esc(`${row.title}: ns/op per runtime`)}"></canvas></div>`;
  }
  return `<section id="${esc(row.id)}">
<h2>${esc(row.title)}</h2>
<p class="muted"><code>${esc(row.id)}</code> ${params}</p>
${row.description ? `<p>${esc(row.description)}</p>` : ''}
<h3>What each runtime saw: how often each outcome occurred</h3>
<p class="legend">${legend}</p>
<div class="histograms">${histograms.join('\n')}</div>
${row.model ? modelSection(row.model, row.cells.map((c, i) => c?.runtime ?? String(i))) : ''}
${speed}
</section>`;
}

const allowedCell = (yes: boolean) => `<td class="${yes ? 'yes' : 'no'}">${yes ? 'allowed' : 'forbidden'}</td>`;

/**
 * A litmus test's outcomes beside what the memory models say of each, and
 * one execution per outcome drawn from the test's text (recomputed here:
 * the report stays a function of the documents).
 */
function modelSection(model: NonNullable<ComparisonRow['model']>, runtimes: readonly string[]): string {
  const rows = model.outcomes.map((o) => {
    const counts = o.counts.map((count, i) => {
      if (count === null) return '<td>–</td>';
      if (count === 0) return `<td class="muted">${o.js && o.tso ? '<b>not seen</b>' : '0'}</td>`;
      return `<td class="num">${formatNumber(count)} (${formatPercent(count / model.totals[i]!)})</td>`;
    });
    return `<tr><td><code>${esc(o.outcome)}</code></td>${allowedCell(o.js)}${allowedCell(o.sc)}${allowedCell(o.tso)}${counts.join('')}</tr>`;
  });
  const head = ['outcome', 'ECMAScript', 'SC', 'x86-TSO', ...runtimes].map((h) => `<th>${esc(h)}</th>`).join('');
  return `<h3>What the memory models say, and what each runtime produced</h3>
<table class="model"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
${model.source ? executionPictures(model.source) : ''}`;
}

/** Pictures per litmus test: enough for the condition and the forbidden outcomes, few enough to keep the page light. */
const MAX_PICTURES = 4;

function executionPictures(source: string): string {
  let pictures: string[];
  try {
    const test = parseLitmus(source);
    const report = checkTest(test, { executions: true });
    // The outcomes worth a picture first: the condition's, then what the ECMAScript model forbids, then the rest.
    const rank = (o: (typeof report.outcomes)[number]) => (o.satisfies ? 0 : !o.js ? 1 : 2);
    pictures = [...report.outcomes]
      .sort((a, b) => rank(a) - rank(b))
      .filter((o) => o.execution)
      .slice(0, MAX_PICTURES)
      .map((o) => `<figure>${executionSvg(o.execution!, { title: o.key, allowed: o.js })}</figure>`);
  } catch (error) {
    return `<p class="muted">The executions could not be drawn: ${esc((error as Error).message)}</p>`;
  }
  return `<details class="executions"><summary>The test, and executions as the ECMAScript memory model sees them (the condition's outcome first)</summary>
<pre class="litmus">${esc(source)}</pre>
<div class="pictures">${pictures.join('\n')}</div></details>`;
}

function gridTable(comparison: Comparison): string {
  const rows = comparison.rows.map((row) => [
    `<a href="#${esc(row.id)}">${esc(row.title)}</a><br><code>${esc(row.id)}</code>`,
    ...row.cells.map((c) => {
      if (!c) return '–';
      const r = c.result;
      if (!counted(c)) return `${verdict(r.verdict)}<br><span class="muted">${esc((r.reason ?? '').split('\n')[0]!.slice(0, 100))}</span>`;
      return [
        verdict(r.verdict),
        `${r.trials} trials · ${r.distinct} distinct`,
        `interesting ${esc(formatRate(r.rates.interesting))}`,
        `${esc(formatNsPerOp(r))} ns/op`,
        c.speed?.fastest ? 'fastest' : `${esc(formatRatio(c.speed))}${c.speed?.significant ? ' <b>slower</b>' : ''}`,
      ].join('<br>');
    }),
  ]);
  return table(['experiment', ...comparison.runtimes], rows);
}

function capabilityTable(comparison: Comparison): string {
  const keys = Object.keys(CAPABILITY_WORDS) as (keyof Capabilities)[];
  const rows = keys.map((key) => [
    CAPABILITY_WORDS[key],
    ...comparison.documents.map((d) => {
      const v = d.capabilities?.[key];
      if (v === undefined || v === null) return '<td class="muted">–</td>';
      if (typeof v === 'boolean') return `<td class="${v ? 'yes' : 'no'}">${v ? 'yes' : 'no'}</td>`;
      return `<td class="num">${formatNumber(v)}</td>`;
    }),
  ]);
  return table(['capability', ...comparison.runtimes], rows);
}

function versionsTable(comparison: Comparison): string {
  const rows = comparison.documents.map((d) => [
    `<b>${esc(columnName(d))}</b>`,
    esc(d.runtime.version),
    esc(d.runtime.engine),
    esc(`${d.machine.os} ${d.machine.arch}`),
    esc(`${d.machine.cpus} × ${d.machine.cpuModel}`),
    `${d.machine.memoryGiB} GiB`,
    esc(`racelab ${d.tool.version}`),
    esc(d.createdAt),
    d.incomplete ? `<span class="no">incomplete: ${esc(d.incomplete.split('\n')[0]!)}</span>` : 'complete',
  ]);
  return table(['runtime', 'version', 'engine', 'system', 'CPU', 'memory', 'tool', 'run at', 'run'], rows);
}

/** The whole page for `comparison`. */
export function renderHtml(comparison: Comparison, options: { chartLibrary?: string } = {}): string {
  const charts: { id: string; config: unknown }[] = [];
  const sections = comparison.rows.map((row, i) => experimentSection(row, i, charts));
  const findings =
    comparison.findings.length === 0
      ? '<p>None: every runtime gave the same verdicts and the same kinds of outcome, and no speed difference is significant.</p>'
      : `<ul class="findings">${comparison.findings.map((f) => `<li><code>${esc(f.experiment)}</code>: ${esc(f.text)}</li>`).join('')}</ul>`;
  const runtimes = comparison.runtimes.join(', ');
  const body = `<h1>racelab: the same experiments on ${comparison.runtimes.length} JavaScript runtime${comparison.runtimes.length === 1 ? '' : 's'}</h1>
<p class="lead">Each experiment ran many times (trials) on ${esc(runtimes)}. For each one you see what every runtime produced and how fast it was.
A verdict is <i>pass</i> when no forbidden outcome occurred. An <i>interesting</i> outcome is one the experiment is about, such as a lost update.</p>
<h2>Verdicts at a glance</h2>
<p class="muted">Per runtime: the verdict; trials and how many different outcomes; how often an interesting outcome occurred, with its 95% interval
("none &lt;x%" means it was not seen in n trials, so its rate is below 3/n); ns/op median ± half the interquartile range; and how many times slower than the fastest runtime, with its 95% interval.</p>
${gridTable(comparison)}
<h2>Differences between the runtimes that matter</h2>
${findings}
${sections.join('\n')}
<h2>What each runtime can do</h2>
${capabilityTable(comparison)}
<h2>Machine and runtime versions</h2>
<p class="muted">Every figure in this report depends on these.</p>
${versionsTable(comparison)}`;
  return renderPage({
    title: `racelab report: ${runtimes}`,
    body,
    chartLibrary: options.chartLibrary ?? readChartLibrary(),
    charts,
  });
}
