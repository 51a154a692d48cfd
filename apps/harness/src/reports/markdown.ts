/**
 * The comparison as GitHub-flavoured Markdown, ready for a job summary
 * (`$GITHUB_STEP_SUMMARY`, at most 1 MiB): the runtimes, a compact grid per
 * suite, the differences that matter, then each experiment's details
 * collapsed in a `<details>` block.
 */
import type { ResultDocument, Verdict } from '@racelab/core';
import type { Comparison, ComparisonRow } from '../comparison/runtime-comparison.js';
import type { OutcomeTable } from '../comparison/outcome-table.js';
import { type GlanceCell, glance, groupCounts, speedLevelStarts } from '../comparison/glance.js';
import { FIGURE_HEADERS, INTERESTING_GLYPH, SPEED_GLYPH, cellFigures, formatShare, formatValue, whatMatters } from './format.js';
import { escapeHtml } from './html-template.js';
import { columnName } from '../documents/document.js';

const VERDICT_EMOJI: Record<Verdict, string> = {
  pass: '✅',
  fail: '❌',
  error: '💥',
  timeout: '⏱️',
  skipped: '⏭️',
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

/** A collapsed block: GitHub renders the Markdown inside when a blank line follows the summary. */
function collapsed(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function glanceCell(c: GlanceCell | null): string {
  if (!c) return '–';
  return `${VERDICT_EMOJI[c.verdict]}${c.interesting ? INTERESTING_GLYPH : ''}${SPEED_GLYPH[c.speed]}`;
}

function atAGlance(comparison: Comparison): string {
  const starts = speedLevelStarts(comparison.minEffect);
  const legend =
    `${Object.entries(VERDICT_EMOJI).map(([v, e]) => `${e} ${v}`).join(' · ')} · ${INTERESTING_GLYPH} an interesting outcome occurred · ` +
    `ns/op against the fastest runtime: ${([1, 2, 3] as const).map((l) => `${SPEED_GLYPH[l]} ${starts[l]} slower`).join(', ')}. Details per experiment below.`;
  const groups = glance(comparison).map((group) =>
    [
      `**${cell(group.name)}** · ${groupCounts(group)}`,
      '',
      table(
        ['experiment', ...comparison.runtimes],
        group.rows.map((r) => [`\`${cell(r.name)}\``, ...r.cells.map(glanceCell)]),
      ),
    ].join('\n'),
  );
  return [legend, ...groups].join('\n\n');
}

function details(row: ComparisonRow, runtimes: Comparison['runtimes']): string {
  const first = row.cells.find((c) => c !== null)!.result;
  const params = Object.entries(first.params)
    .map(([k, v]) => `\`${k}=${formatValue(v)}\``)
    .join(' ');
  const rows = row.cells.map((c, i) => {
    if (!c) return [runtimes[i]!, '–', ...FIGURE_HEADERS.slice(1).map(() => '')];
    const figures = cellFigures(c);
    const bold = (text: string, yes: boolean) => (yes && text ? `**${text}**` : text);
    return [
      `**${runtimes[i]}**`,
      `${VERDICT_EMOJI[c.result.verdict]} ${figures.verdict}`,
      cell(figures.counted),
      cell(figures.outcomes),
      figures['interesting (95%)'],
      bold(figures.forbidden, c.result.rates.forbidden.count > 0),
      figures['ns/op median (p25–p75)'],
      bold(figures['× fastest (95%)'], Boolean(c.speed?.matters)),
    ];
  });
  const body = [
    `\`${row.id}\`${params ? ` · ${params}` : ''}`,
    ...(row.description ? ['', row.description] : []),
    '',
    table(['runtime', ...FIGURE_HEADERS], rows),
    ...(row.outcomes ? ['', outcomeTable(row.outcomes, runtimes)] : []),
  ].join('\n');
  return collapsed(`<b>${escapeHtml(cell(row.title))}</b> <code>${escapeHtml(row.id)}</code>`, body);
}

const allowed = (yes: boolean) => (yes ? 'allowed' : '**forbidden**');

/** A batched test's outcomes: samples of each on each runtime with rate and interval, and for a litmus test what each model says. */
function outcomeTable(outcomes: OutcomeTable, runtimes: Comparison['runtimes']): string {
  const rows = outcomes.outcomes.map((o) => [
    `\`${cell(o.outcome)}\``,
    ...(outcomes.hasModel ? (o.model ? [allowed(o.model.js), allowed(o.model.sc), allowed(o.model.tso)] : ['', '', '']) : []),
    ...o.counts.map((count, i) => {
      const share = formatShare(count, outcomes.totals[i] ?? null);
      return count === 0 && o.model?.js && o.model.tso ? `**not seen** ${share}` : share;
    }),
  ]);
  return table(['outcome: samples (rate 95%)', ...(outcomes.hasModel ? ['js', 'sc', 'x86-TSO'] : []), ...runtimes], rows);
}

function differences(comparison: Comparison): string {
  const { findings } = comparison;
  if (findings.length === 0) return `None. ${whatMatters(comparison.minEffect)}`;
  const item = (f: (typeof findings)[number]) => `- \`${f.experiment}\` (${f.kind}): ${f.text}`;
  const speed = findings.filter((f) => f.kind === 'speed');
  const rest = findings.filter((f) => f.kind !== 'speed');
  return [
    whatMatters(comparison.minEffect),
    ...(rest.length > 0 ? ['', rest.map(item).join('\n')] : []),
    ...(speed.length > 0 ? ['', collapsed(`ns/op in ${speed.length} experiments`, speed.map(item).join('\n'))] : []),
  ].join('\n');
}

/** The whole report. */
export function renderMarkdown(comparison: Comparison): string {
  const { documents, runtimes, rows } = comparison;
  const describe = (m: ResultDocument['machine']) => `${m.os} ${m.arch}, ${m.cpus} cores, ${m.cpuModel}, ${m.memoryGiB} GiB`;
  // Documents merged from several machines (CI's x64 and arm64 runners): each column says which it ran on.
  const machines = new Set(documents.map((d) => describe(d.machine)));
  const machine = documents[0]?.machine;
  const parts = [
    '# racelab results',
    '',
    !machine ? 'No result documents.' : machines.size === 1 ? `Machine: ${describe(machine)}.` : `Machines: ${machines.size}, each named beside its runtime.`,
    '',
    table(
      ['runtime', 'version', 'engine', ...(machines.size > 1 ? ['machine'] : []), 'created', 'complete'],
      documents.map((d) => [
        `**${columnName(d, documents)}**`,
        cell(d.runtime.version),
        cell(d.runtime.engine),
        ...(machines.size > 1 ? [cell(describe(d.machine))] : []),
        d.createdAt,
        d.incomplete ? `⚠️ ${cell(d.incomplete.split('\n')[0]!)}` : 'yes',
      ]),
    ),
    '',
    '## At a glance',
    '',
    atAGlance(comparison),
    '',
    '## Differences that matter',
    '',
    differences(comparison),
    '',
    '## Experiments',
    '',
    'Per runtime: what it counted (trials, or samples for a batched test: trials × instances); how often an interesting outcome occurred, ' +
      'with its 95% interval ("none <x%": not seen in n, so the rate is below 3/n); ns/op median and interquartile range; ' +
      'the ratio to the fastest runtime with its 95% interval (bold: a difference that matters).',
    '',
    rows.map((row) => details(row, runtimes)).join('\n\n'),
    '',
  ];
  return parts.join('\n');
}
