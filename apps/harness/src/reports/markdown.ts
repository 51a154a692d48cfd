/**
 * The comparison as GitHub-flavoured Markdown, ready for a job summary
 * (`$GITHUB_STEP_SUMMARY`): the runtimes, the grid, the differences that
 * matter, then the details of each experiment.
 */
import { type Verdict, ran } from '@racelab/core';
import type { Cell, Comparison, ComparisonRow } from '../comparison/runtime-comparison.js';
import { formatMeasure, formatNsPerOp, formatNumber, formatOutcomes, formatPercent, formatRate, formatRatio, formatValue } from './format.js';
import { columnName } from '../documents/document.js';

const VERDICT_MARK: Record<Verdict, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '💥 error',
  timeout: '⏱️ timeout',
  skipped: '⏭️ skipped',
};

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const counted = (c: Cell) => ran(c.result.verdict);

function gridCell(c: Cell | null): string {
  if (!c) return '–';
  const r = c.result;
  if (!counted(c)) return `${VERDICT_MARK[r.verdict]}<br>${cell((r.reason ?? '').split('\n')[0]!.slice(0, 80))}`;
  return [
    VERDICT_MARK[r.verdict],
    `${r.trials} trials · ${r.distinct} distinct`,
    `interesting ${formatRate(r.rates.interesting)}`,
    `${formatNsPerOp(r)} ns/op`,
    c.speed ? (c.speed.fastest ? 'fastest' : `${formatRatio(c.speed)}${c.speed.significant ? ' **slower**' : ''}`) : '',
  ]
    .filter(Boolean)
    .map(cell)
    .join('<br>');
}

function details(row: ComparisonRow, runtimes: Comparison['runtimes']): string {
  const first = row.cells.find((c) => c !== null)!.result;
  const params = Object.entries(first.params)
    .map(([k, v]) => `\`${k}=${formatValue(v)}\``)
    .join(' ');
  const rows = row.cells.map((c, i) => {
    if (!c) return [runtimes[i]!, '–', '', '', '', '', '', ''];
    const r = c.result;
    const ns = r.timing?.nsPerOp;
    return [
      `**${runtimes[i]}**`,
      VERDICT_MARK[r.verdict],
      String(r.trials),
      counted(c) ? cell(`${formatOutcomes(r)}${formatMeasure(r) ? `; ${formatMeasure(r)}` : ''}`) : cell((r.reason ?? '').split('\n')[0]!),
      counted(c) ? formatRate(r.rates.interesting) : '',
      counted(c) && r.rates.forbidden.count > 0 ? `**${r.rates.forbidden.count}**` : counted(c) ? '0' : '',
      counted(c) && ns ? `${formatNumber(ns.median)} (${formatNumber(ns.p25)}–${formatNumber(ns.p75)})` : '',
      formatRatio(c.speed),
    ];
  });
  return [
    `### ${cell(row.title)}`,
    '',
    `\`${row.id}\`${params ? ` · ${params}` : ''}`,
    ...(row.description ? ['', row.description] : []),
    '',
    table(
      ['runtime', 'verdict', 'trials', 'outcomes', 'interesting (95%)', 'forbidden', 'ns/op median (p25–p75)', '× fastest (95%)'],
      rows,
    ),
    ...(row.model ? ['', modelTable(row.model, runtimes)] : []),
  ].join('\n');
}

const allowed = (yes: boolean) => (yes ? 'allowed' : '**forbidden**');

/** A litmus test's outcomes: what each model says, and how many samples of each runtime showed it. */
function modelTable(model: NonNullable<ComparisonRow['model']>, runtimes: Comparison['runtimes']): string {
  const rows = model.outcomes.map((o) => [
    `\`${cell(o.outcome)}\``,
    allowed(o.js),
    allowed(o.sc),
    allowed(o.tso),
    ...o.counts.map((count, i) => (count === null ? '–' : count === 0 ? (o.js && o.tso ? 'not seen' : '0') : `${formatNumber(count)} (${formatPercent(count / model.totals[i]!)})`)),
  ]);
  return table(['outcome', 'js', 'sc', 'x86-TSO', ...runtimes], rows);
}

/** The whole report. */
export function renderMarkdown(comparison: Comparison): string {
  const { documents, runtimes, rows, findings } = comparison;
  const machine = documents[0]?.machine;
  const parts = [
    '# racelab results',
    '',
    machine
      ? `Machine: ${machine.os} ${machine.arch}, ${machine.cpus} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB.`
      : 'No result documents.',
    '',
    table(
      ['runtime', 'version', 'engine', 'created', 'complete'],
      documents.map((d) => [
        `**${columnName(d)}**`,
        cell(d.runtime.version),
        cell(d.runtime.engine),
        d.createdAt,
        d.incomplete ? `⚠️ ${cell(d.incomplete.split('\n')[0]!)}` : 'yes',
      ]),
    ),
    '',
    '## Results',
    '',
    'Per cell: the verdict; trials and distinct outcomes; how often an interesting outcome occurred, with its 95% interval ' +
      '("none <x%": not seen in n trials, so the rate is below 3/n); ns/op median ± half the interquartile range; ' +
      'the ratio to the fastest runtime with its 95% interval.',
    '',
    table(
      ['experiment', ...runtimes],
      rows.map((row) => [`**${cell(row.title)}**<br>\`${row.id}\``, ...row.cells.map(gridCell)]),
    ),
    '',
    '## Differences that matter',
    '',
    findings.length === 0
      ? 'None: every runtime gave the same verdicts and the same kinds of outcome, and no speed difference is significant.'
      : findings.map((f) => `- \`${f.experiment}\` (${f.kind}): ${f.text}`).join('\n'),
    '',
    '## Experiments',
    '',
    rows.map((row) => details(row, runtimes)).join('\n\n'),
    '',
  ];
  return parts.join('\n');
}
