/** The results as people read them in a terminal: a table per runtime, then a grid across runtimes. */
import { type ResultDocument, ran } from '@racelab/core';
import { pc } from './colors.js';
import { type Cell, type Comparison, type ComparisonRow, compareRuntimes, type Finding } from '../comparison/runtime-comparison.js';
import { formatMeasure, formatNsPerOp, formatOutcomes, formatRate, formatRatio, formatVerdict } from './format.js';
import { renderReproductions } from './reproduce.js';
import { ANSI, renderTable } from './table.js';
import { columnName } from '../documents/document.js';

/** One table per runtime: experiment, verdict, trials, outcomes, measure, ns/op. */
export function renderRuntimeTable(document: ResultDocument): string {
  const { runtime, machine, capabilities } = document;
  const title =
    `${pc.bold(columnName(document))} ${runtime.version} (${runtime.engine}) · ${machine.os} ${machine.arch} · ` +
    `${capabilities?.cores ?? machine.cpus} cores · ${machine.cpuModel}`;
  const rows = document.experiments.map((e) => [
    e.id,
    formatVerdict(e.verdict),
    String(e.trials),
    e.verdict === 'error' || e.verdict === 'timeout' || e.verdict === 'skipped'
      ? pc.dim((e.reason ?? '').split('\n')[0]!.slice(0, 60))
      : formatOutcomes(e),
    formatMeasure(e),
    formatNsPerOp(e),
  ]);
  const table = renderTable(['experiment', 'verdict', 'trials', 'outcomes', 'measure', 'ns/op ±IQR/2'], rows);
  return `${title}\n${table}${document.incomplete ? `\n${pc.red('incomplete:')} ${document.incomplete}` : ''}`;
}

/** Width of the row labels of the grid. */
const LABEL_WIDTH = 20;
/** Width of one runtime column: five of them and the labels fit in 100 columns. */
const CELL_WIDTH = 15;

/** The lines of one experiment in the grid: a label and one cell per runtime. */
function gridLines(row: ComparisonRow): [string, ...string[]][] {
  const cell = (f: (c: Cell) => string) => row.cells.map((c) => (c ? f(c) : pc.dim('–')));
  const counted = (c: Cell) => ran(c.result.verdict);
  const any = (has: (c: Cell) => boolean) => row.cells.some((c) => c !== null && has(c));
  return [
    ['verdict', ...cell((c) => formatVerdict(c.result.verdict))],
    ['trials · distinct', ...cell((c) => (counted(c) ? `${c.result.trials} · ${c.result.distinct}` : pc.dim(String(c.result.trials))))],
    ['interesting 95%', ...cell((c) => (counted(c) ? formatRate(c.result.rates.interesting) : ''))],
    // Litmus tests: how often the actors overlapped, and weak outcomes found per second.
    ...(any((c) => c.result.rates.overlap !== undefined)
      ? ([
          ['overlap 95%', ...cell((c) => (counted(c) && c.result.rates.overlap ? formatRate(c.result.rates.overlap) : ''))],
          ['interesting/s', ...cell((c) => formatPerSecond(c.result.timing?.interestingPerSec))],
        ] as [string, ...string[]][])
      : []),
    // Trials past their deadline (the outcome `hung`), and the actors still running in them.
    ...(any((c) => c.result.hung !== undefined)
      ? ([['hung · stuck', ...cell((c) => (c.result.hung ? `${c.result.hung.trials} · ${stuckActors(c.result.hung.stillRunning)}` : ''))]] as [string, ...string[]][])
      : []),
    ['ns/op ±IQR/2', ...cell((c) => (counted(c) ? formatNsPerOp(c.result) : ''))],
    ['× fastest 95%', ...cell((c) => (c.speed?.significant ? pc.bold(formatRatio(c.speed)) : formatRatio(c.speed)))],
  ];
}

/** `1.4M`, `830k`, `12`: a rate per second, short enough for a grid cell. */
function formatPerSecond(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '';
  if (rate >= 1e6) return `${(rate / 1e6).toPrecision(3)}M`;
  if (rate >= 1e3) return `${(rate / 1e3).toPrecision(3)}k`;
  return rate.toPrecision(3);
}

/** Which actors were still running in hung trials, e.g. `1,3` (or `none` if only the controller saw it). */
function stuckActors(stillRunning: readonly number[]): string {
  const actors = stillRunning.flatMap((n, actor) => (n > 0 ? [String(actor)] : []));
  return actors.length > 0 ? `actor ${actors.join(',')}` : 'none';
}

/**
 * Experiments down, runtimes across: for each experiment a title line, then
 * its verdict, trials and distinct outcomes, interesting-outcome rate with its
 * 95% interval, ns/op with spread and the ratio to the fastest runtime.
 */
export function renderGrid(comparison: Comparison): string {
  const width = (s: string) => s.replace(ANSI, '').length;
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => pad(c, (i === 0 ? LABEL_WIDTH : CELL_WIDTH) - 1)).join(' ').trimEnd();
  const out = [pc.bold(line(['', ...comparison.runtimes])), '─'.repeat(LABEL_WIDTH + CELL_WIDTH * comparison.runtimes.length - 2)];
  for (const row of comparison.rows) {
    out.push(pc.bold(`${row.id}`) + pc.dim(`  ${row.title}`.slice(0, 98 - row.id.length)));
    for (const cells of gridLines(row)) out.push(line([`  ${cells[0]}`, ...cells.slice(1)]));
  }
  return out.join('\n');
}

/** The differences that matter, one bullet each, wrapped to `columns`. */
export function renderFindings(findings: readonly Finding[], columns = 100): string {
  if (findings.length === 0) return 'No differences that matter between the runtimes.';
  const bullets = findings.map((f) => wrap(`• ${f.experiment}: ${f.text}`, columns, '  '));
  return [pc.bold('Differences that matter'), ...bullets].join('\n');
}

/** The runtimes and the machine, one line each: every figure above depends on them. */
export function renderVersions(comparison: Comparison): string {
  return comparison.documents
    .map((d) => {
      const m = d.machine;
      const incomplete = d.incomplete ? pc.red(` · incomplete: ${d.incomplete.split('\n')[0]}`) : '';
      return `${pc.bold(columnName(d))} ${d.runtime.version} (${d.runtime.engine}) · ${m.os} ${m.arch} · ${d.capabilities?.cores ?? m.cpus} cores · ${m.cpuModel}${incomplete}`;
    })
    .join('\n');
}

function wrap(text: string, columns: number, indent: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length > columns) {
      lines.push(current);
      current = indent + word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.join('\n');
}

/** The comparison of several runtimes: versions, the grid, the differences. */
export function renderComparison(comparison: Comparison): string {
  return [renderVersions(comparison), renderGrid(comparison), renderFindings(comparison.findings)].join('\n\n');
}

/** Everything the `run` command prints at the end; `pluginOf` names the plugin file an experiment came from. */
export function renderTerminalReport(documents: readonly ResultDocument[], pluginOf?: (id: string) => string | undefined): string {
  // One runtime: its detailed table. Several: the comparison across them.
  const reproductions = renderReproductions(documents, pluginOf);
  if (documents.length <= 1) return `${documents.map(renderRuntimeTable).join('')}\n${reproductions}`;
  return `${renderComparison(compareRuntimes(documents))}\n${reproductions}`;
}
