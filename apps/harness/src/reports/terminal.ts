/**
 * The results as people read them in a terminal: one runtime as a table;
 * several as the compact grid (terminal-glance.ts), or with `--details` as a
 * block of figures per experiment and every difference that matters.
 */
import { type ResultDocument, ran } from '@racelab/core';
import { pc } from './colors.js';
import { type Cell, type Comparison, type ComparisonOptions, type ComparisonRow, compareRuntimes, type Finding } from '../comparison/runtime-comparison.js';
import {
  formatCompact,
  formatCounted,
  formatMeasure,
  formatNsPerOp,
  formatOutcomes,
  formatRate,
  formatRatio,
  formatVerdict,
  whatMatters,
} from './format.js';
import { renderReproductions } from './reproduce.js';
import { padVisible, renderTable, wrap } from './table.js';
import { renderGlance } from './terminal-glance.js';
import { columnName } from '../documents/document.js';

/** One table per runtime: experiment, verdict, what it counted (trials or samples), outcomes, measure, ns/op. */
export function renderRuntimeTable(document: ResultDocument): string {
  const { runtime, machine, capabilities } = document;
  const title =
    `${pc.bold(columnName(document))} ${runtime.version} (${runtime.engine}) · ${machine.os} ${machine.arch} · ` +
    `${capabilities?.cores ?? machine.cpus} cores · ${machine.cpuModel}`;
  const rows = document.experiments.map((e) => [
    e.id,
    formatVerdict(e.verdict),
    formatCounted(e),
    e.verdict === 'error' || e.verdict === 'timeout' || e.verdict === 'skipped'
      ? pc.dim((e.reason ?? '').split('\n')[0]!.slice(0, 60))
      : formatOutcomes(e),
    formatMeasure(e),
    formatNsPerOp(e),
  ]);
  const table = renderTable(['experiment', 'verdict', 'counted', 'outcomes', 'measure', 'ns/op ±IQR/2'], rows);
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
    ['counted', ...cell((c) => (counted(c) ? formatCounted(c.result, true) : pc.dim(formatCounted(c.result, true))))],
    ['distinct outcomes', ...cell((c) => (counted(c) ? String(c.result.distinct) : ''))],
    ['interesting 95%', ...cell((c) => (counted(c) ? formatRate(c.result.rates.interesting) : ''))],
    // Litmus tests: how often the actors overlapped, and weak outcomes found per second.
    ...(any((c) => c.result.rates.overlap !== undefined)
      ? ([
          ['overlap 95%', ...cell((c) => (counted(c) && c.result.rates.overlap ? formatRate(c.result.rates.overlap) : ''))],
          ['interesting/s', ...cell((c) => formatCompact(c.result.timing?.interestingPerSec))],
        ] as [string, ...string[]][])
      : []),
    // The wait the last actor at a rendezvous settled on (core's align-tuner.ts), in loads.
    ...(any((c) => c.result.align !== undefined)
      ? ([['align delay', ...cell((c) => (c.result.align ? `${c.result.align.delay} loads` : ''))]] as [string, ...string[]][])
      : []),
    // Trials past their deadline (the outcome `hung`), and the actors still running in them.
    ...(any((c) => c.result.hung !== undefined)
      ? ([['hung · stuck', ...cell((c) => (c.result.hung ? `${c.result.hung.trials} · ${stuckActors(c.result.hung.stillRunning)}` : ''))]] as [string, ...string[]][])
      : []),
    ['ns/op ±IQR/2', ...cell((c) => (counted(c) ? formatNsPerOp(c.result) : ''))],
    ['× fastest 95%', ...cell((c) => (c.speed?.matters ? pc.bold(formatRatio(c.speed)) : formatRatio(c.speed)))],
  ];
}

/** Which actors were still running in hung trials, e.g. `1,3` (or `none` if only the controller saw it). */
function stuckActors(stillRunning: readonly number[]): string {
  const actors = stillRunning.flatMap((n, actor) => (n > 0 ? [String(actor)] : []));
  return actors.length > 0 ? `actor ${actors.join(',')}` : 'none';
}

/**
 * Experiments down, runtimes across (`--details`): for each experiment a
 * title line, then its verdict, what it counted and how many distinct
 * outcomes, interesting-outcome rate with its 95% interval, ns/op with spread
 * and the ratio to the fastest runtime.
 */
export function renderGrid(comparison: Comparison): string {
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => padVisible(c, (i === 0 ? LABEL_WIDTH : CELL_WIDTH) - 1)).join(' ').trimEnd();
  const out = [pc.bold(line(['', ...comparison.runtimes])), '─'.repeat(LABEL_WIDTH + CELL_WIDTH * comparison.runtimes.length - 2)];
  for (const row of comparison.rows) {
    out.push(pc.bold(`${row.id}`) + pc.dim(`  ${row.title}`.slice(0, 98 - row.id.length)));
    for (const cells of gridLines(row)) out.push(line([`  ${cells[0]}`, ...cells.slice(1)]));
  }
  return out.join('\n');
}

/** The differences that matter, one bullet each, wrapped to `columns`, after the rule that picked them. */
export function renderFindings(findings: readonly Finding[], minEffect: number, columns = 100): string {
  const rule = wrap(whatMatters(minEffect), columns, '');
  if (findings.length === 0) return `No differences that matter between the runtimes. ${rule}`;
  const bullets = findings.map((f) => wrap(`• ${f.experiment}: ${f.text}`, columns, '  '));
  return [pc.bold('Differences that matter'), rule, ...bullets].join('\n');
}

/** The runtimes and the machine, one line each: every figure above depends on them. */
export function renderVersions(comparison: Comparison): string {
  return comparison.documents
    .map((d) => {
      const m = d.machine;
      const incomplete = d.incomplete ? pc.red(` · incomplete: ${d.incomplete.split('\n')[0]}`) : '';
      return `${pc.bold(columnName(d, comparison.documents))} ${d.runtime.version} (${d.runtime.engine}) · ${m.os} ${m.arch} · ${d.capabilities?.cores ?? m.cpus} cores · ${m.cpuModel}${incomplete}`;
    })
    .join('\n');
}

export interface TerminalOptions {
  /** Today's detailed block per experiment and every difference, instead of one compact line per experiment. */
  readonly details?: boolean;
  /** The command the user ran, for the hint to add `--details` (default `racelab run`). */
  readonly command?: string;
}

/** The comparison of several runtimes: the compact grid, or with `details` versions, the block grid and every difference. */
export function renderComparison(comparison: Comparison, options: TerminalOptions = {}): string {
  if (!options.details) return renderGlance(comparison, options.command);
  return [renderVersions(comparison), renderGrid(comparison), renderFindings(comparison.findings, comparison.minEffect)].join('\n\n');
}

/** Everything the `run` command prints at the end; `pluginOf` names the plugin file an experiment came from. */
export function renderTerminalReport(
  documents: readonly ResultDocument[],
  options: TerminalOptions & ComparisonOptions & { pluginOf?: (id: string) => string | undefined } = {},
): string {
  // One runtime: its table, one line per experiment. Several: the comparison across them.
  const reproductions = renderReproductions(documents, options.pluginOf);
  if (documents.length <= 1) return `${documents.map(renderRuntimeTable).join('')}\n${reproductions}`;
  return `${renderComparison(compareRuntimes(documents, options), options)}\n${reproductions}`;
}
