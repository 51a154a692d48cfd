/** The results as people read them in a terminal: a table per runtime, then a grid across runtimes. */
import type { ResultDocument } from '@racelab/core';
import pc from 'picocolors';
import { formatMeasure, formatNsPerOp, formatOutcomes, formatVerdict, keyFigure } from './format.js';
import { renderTable } from './table.js';

/** One table per runtime: experiment, verdict, trials, outcomes, measure, ns/op. */
export function renderRuntimeTable(document: ResultDocument): string {
  const { runtime, machine, capabilities } = document;
  const title =
    `${pc.bold(runtime.id)} ${runtime.version} (${runtime.engine}) · ${machine.os} ${machine.arch} · ` +
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

/** Experiments down, runtimes across; each cell the verdict and the key figure. */
export function renderGrid(documents: readonly ResultDocument[]): string {
  const ids = [...new Set(documents.flatMap((d) => d.experiments.map((e) => e.id)))];
  const rows = ids.map((id) => [
    id,
    ...documents.map((d) => {
      const e = d.experiments.find((x) => x.id === id);
      if (!e) return '–';
      const figure = keyFigure(e);
      return figure ? `${formatVerdict(e.verdict)} ${figure}` : formatVerdict(e.verdict);
    }),
  ]);
  return renderTable(['experiment', ...documents.map((d) => d.runtime.id)], rows);
}

/** Everything the `run` command prints at the end. */
export function renderTerminalReport(documents: readonly ResultDocument[]): string {
  const parts = documents.map(renderRuntimeTable);
  if (documents.length > 1) parts.push(renderGrid(documents));
  return `${parts.join('\n\n')}\n`;
}
