/**
 * The comparison as one self-contained HTML page with charts: first the grid
 * at a glance (html-glance.ts), then the differences that matter, then every
 * experiment folded by suite — opened from the grid, it shows its figures per
 * runtime, its outcomes (a table and a log-scale chart of rates for batched
 * tests, histograms for the rest) and ns/op with spread — then the
 * capabilities of each runtime and the machine and versions. Chart.js is read
 * from node_modules and inlined, so the page opens offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Capabilities, ran } from '@racelab/core';
import type { Cell, Comparison, ComparisonRow, Finding } from '../comparison/runtime-comparison.js';
import type { OutcomeTable } from '../comparison/outcome-table.js';
import { glance, groupCounts } from '../comparison/glance.js';
import { checkTest, parseLitmus } from '@racelab/model';
import { executionSvg } from './execution-svg.js';
import { FIGURE_HEADERS, cellFigures, formatNumber, formatShare, formatValue, whatMatters } from './format.js';
import { CLASS_COLOUR, CLASS_WORDS, histogramBuckets, histogramChart, outcomeRateChart, outcomeRateChartHeight, speedChart } from './html-charts.js';
import { GLANCE_STYLE, glanceSection } from './html-glance.js';
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

type Charts = { id: string; config: unknown }[];

/** Each runtime's figures for one experiment: what it counted, outcomes, rates, ns/op, ratio to the fastest. */
function figuresTable(row: ComparisonRow, runtimes: readonly string[]): string {
  const rows = row.cells.map((c, i) => {
    if (!c) return [`<b>${esc(runtimes[i]!)}</b>`, '–', ...FIGURE_HEADERS.slice(1).map(() => '')];
    const f = cellFigures(c);
    const ratio = esc(f['× fastest (95%)']);
    // The first column (verdict) and the last (ratio) get their markup; the rest are text.
    return [
      `<b>${esc(c.runtime)}</b>`,
      verdict(c.result.verdict),
      ...FIGURE_HEADERS.slice(1, -1).map((h) => esc(f[h])),
      c.speed?.matters ? `<b>${ratio}</b>` : ratio,
    ];
  });
  return table(['runtime', ...FIGURE_HEADERS], rows);
}

/** Per runtime a histogram of its outcomes over shared buckets (counters and other wide ranges), or why it has none. */
function histograms(row: ComparisonRow, index: number, charts: Charts): string {
  const cells = row.cells.filter((c): c is Cell => c !== null);
  const withOutcomes = cells.filter(counted);
  const buckets = histogramBuckets(withOutcomes);
  const pictures = cells.map((c) => {
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
  return `<h3>What each runtime saw: how often each outcome occurred</h3>
<p class="legend">${legend}</p>
<div class="histograms">${pictures.join('\n')}</div>`;
}

const allowedCell = (yes: boolean) => `<td class="${yes ? 'yes' : 'no'}">${yes ? 'allowed' : 'forbidden'}</td>`;

/**
 * A batched test's outcomes: per runtime how many samples showed each, with
 * its rate and interval, and a log-scale chart of the rates; for a litmus
 * test also what the memory models say of each outcome, and executions drawn
 * from the test's text.
 */
function outcomesSection(row: ComparisonRow, outcomes: OutcomeTable, index: number, runtimes: readonly string[], charts: Charts): string {
  const rows = outcomes.outcomes.map((o) => {
    const colour = o.class && o.class !== 'acceptable' ? ` style="color:${CLASS_COLOUR[o.class]}"` : '';
    const model = !outcomes.hasModel ? [] : o.model ? [allowedCell(o.model.js), allowedCell(o.model.sc), allowedCell(o.model.tso)] : ['<td></td>', '<td></td>', '<td></td>'];
    const counts = o.counts.map((count, i) => {
      const share = esc(formatShare(count, outcomes.totals[i] ?? null));
      if (count === 0) return `<td class="muted">${o.model?.js && o.model.tso ? `<b>not seen</b> ${share}` : share}</td>`;
      return `<td class="num">${share}</td>`;
    });
    return `<tr><td><code${colour}>${esc(o.outcome)}</code></td>${model.join('')}${counts.join('')}</tr>`;
  });
  const head = ['outcome', ...(outcomes.hasModel ? ['ECMAScript', 'SC', 'x86-TSO'] : []), ...runtimes].map((h) => `<th>${esc(h)}</th>`).join('');
  const id = `outcomes-${index}`;
  charts.push({ id, config: outcomeRateChart(outcomes, runtimes) });
  return `<h3>What each runtime produced: samples of each outcome, their rate and its 95% interval${outcomes.hasModel ? '; what the memory models say' : ''}</h3>
<table class="outcomes${outcomes.hasModel ? ' model' : ''}"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
<div class="chart rates" style="height:${outcomeRateChartHeight(outcomes)}px"><canvas id="${id}" aria-label="${esc(`${row.title}: share of samples per outcome and runtime, log scale`)}"></canvas></div>
${outcomes.source ? executionPictures(outcomes.source) : ''}`;
}

/** Pictures per litmus test: enough for the condition and the forbidden outcomes, few enough to keep the page light. */
const MAX_PICTURES = 4;

/** One execution per outcome, recomputed from the litmus test's text: the report stays a function of the documents. */
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

function speedSection(row: ComparisonRow, index: number, charts: Charts): string {
  const timed = row.cells.filter((c): c is Cell => c !== null && counted(c) && c.result.timing?.nsPerOp?.median != null);
  if (timed.length === 0) return '';
  const id = `speed-${index}`;
  const { config, note } = speedChart(timed);
  charts.push({ id, config });
  return `<h3>How fast: nanoseconds per operation on each runtime</h3>
${note ? `<p class="muted clip-note">${esc(note)}</p>` : ''}
<div class="chart speed" style="height:${90 + 38 * timed.length}px"><canvas id="${id}" aria-label="${esc(`${row.title}: ns/op per runtime`)}"></canvas></div>`;
}

function findingsList(findings: readonly Finding[], withExperiment: boolean): string {
  const item = (f: Finding) => `<li>${withExperiment ? `<a href="#${esc(f.experiment)}"><code>${esc(f.experiment)}</code></a>: ` : ''}${esc(f.text)}</li>`;
  return `<ul class="findings">${findings.map(item).join('')}</ul>`;
}

/** One experiment, folded: its words, its differences, its figures per runtime, its outcomes and its speed. */
function experimentSection(row: ComparisonRow, index: number, runtimes: readonly string[], charts: Charts): string {
  const first = row.cells.find((c) => c !== null)!.result;
  const params = Object.entries(first.params).map(([k, v]) => `<code>${esc(k)}=${esc(formatValue(v))}</code>`).join(' ');
  return `<details class="experiment" id="${esc(row.id)}"><summary><b>${esc(row.title)}</b><code>${esc(row.id)}</code></summary>
${params ? `<p class="muted">${params}</p>` : ''}
${row.description ? `<p>${esc(row.description)}</p>` : ''}
${row.findings.length > 0 ? findingsList(row.findings, false) : ''}
${figuresTable(row, runtimes)}
${row.outcomes ? outcomesSection(row, row.outcomes, index, runtimes, charts) : histograms(row, index, charts)}
${speedSection(row, index, charts)}
</details>`;
}

/** The differences that matter: the rule, the differences in verdicts and outcomes; what no runtime produced and ns/op folded. */
function differencesSection(comparison: Comparison): string {
  const { findings } = comparison;
  const rule = `<p class="muted">${esc(whatMatters(comparison.minEffect))}</p>`;
  if (findings.length === 0) return `<p>None.</p>${rule}`;
  const of = (...kinds: Finding['kind'][]) => findings.filter((f) => kinds.includes(f.kind));
  const folded = (list: readonly Finding[], summary: string) =>
    list.length > 0 ? `<details class="findings"><summary>${esc(summary)} (${list.length})</summary>${findingsList(list, true)}</details>` : '';
  const between = of('verdict', 'outcome');
  return `${rule}
${between.length > 0 ? findingsList(between, true) : '<p>Every runtime gave the same verdicts and the same kinds of outcome.</p>'}
${folded(of('model'), 'Outcomes the memory models allow that no runtime produced')}
${folded(of('speed'), `ns/op at least ${comparison.minEffect}× the fastest runtime's`)}`;
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
    `<b>${esc(columnName(d, comparison.documents))}</b>`,
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
  const charts: Charts = [];
  const suites = glance(comparison).map((group) => {
    const sections = group.rows.map((r) => experimentSection(r.row, comparison.rows.indexOf(r.row), comparison.runtimes, charts));
    return `<details class="suite" id="suite-${esc(group.name)}"><summary><b>${esc(group.name)}</b> <small>${esc(groupCounts(group))}</small></summary>
${sections.join('\n')}
</details>`;
  });
  const runtimes = comparison.runtimes.join(', ');
  const body = `<h1>racelab: ${comparison.rows.length} experiments on ${esc(runtimes)}</h1>
${glanceSection(comparison)}
<h2>Differences between the runtimes that matter</h2>
${differencesSection(comparison)}
<h2>Experiments</h2>
<p class="muted">Folded by suite; the grid's links open them. Batched tests count <i>samples</i> (many test instances per trial), the others <i>trials</i>.
An <i>interesting</i> outcome is the one an experiment is about, such as a lost update; a verdict is <i>pass</i> when no forbidden outcome occurred.
"none &lt;x%" means not seen in n, so the rate is below 3/n with 95% confidence.</p>
${suites.join('\n')}
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
    style: GLANCE_STYLE,
  });
}
