/**
 * The comparison in a terminal at a glance: the runtimes and the machine in a
 * line or two, one line per experiment with a three-character cell per
 * runtime (verdict, interesting outcome seen, speed), and the differences
 * that matter counted, not spelled out (`--details` spells them out). The
 * default suite on five runtimes fits in 80 lines: its experiments run in
 * two columns side by side.
 */
import { pc } from './colors.js';
import type { Comparison, FindingKind } from '../comparison/runtime-comparison.js';
import { type GlanceCell, type GlanceGroup, type GlanceRow, glance, groupCounts, shortColumnNames, speedLevelStarts } from '../comparison/glance.js';
import { INTERESTING_GLYPH, SPEED_GLYPH, VERDICT_GLYPH, formatVerdictGlyph } from './format.js';
import { padVisible, visibleWidth, wrap } from './table.js';
import { columnName } from '../documents/document.js';

/** The width the report is laid out for: wide enough for two columns of five runtimes, narrow enough for a laptop terminal. */
const COLUMNS = 100;
/** A runtime's cell: verdict, interesting glyph, speed bar, then a space. */
const CELL = 4;
const SEPARATOR = ' │ ';
/** Experiment names shorter than this are cut too much to read: fewer columns side by side instead. */
const MIN_LABEL = 22;
/** Longer names are cut in the middle even when there is room: the cells stay close to the names they belong to. */
const MAX_LABEL = 36;
/** Below this many lines one column reads better than two short ones. */
const LINES_PER_COLUMN = 24;

type Line = { kind: 'group'; group: GlanceGroup; continued: boolean } | { kind: 'row'; row: GlanceRow };

/** `ms+atomic-int32-store+atomic-int16-loads` in 24 columns keeps both ends: `ms+atomic-in…int16-loads`. */
function middleEllipsis(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

function cellText(cell: GlanceCell | null): string {
  if (!cell) return pc.dim('·');
  return `${formatVerdictGlyph(cell.verdict)}${cell.interesting ? INTERESTING_GLYPH : ' '}${SPEED_GLYPH[cell.speed] || ' '}`;
}

function renderLine(line: Line, labelWidth: number, heads: readonly string[]): string {
  if (line.kind === 'row') {
    return padVisible(middleEllipsis(line.row.name, labelWidth - 1), labelWidth) + line.row.cells.map((c) => padVisible(cellText(c), CELL)).join('');
  }
  const title = line.continued ? `${line.group.name} (continued)` : `${line.group.name} ${groupCounts(line.group, true)}`;
  return pc.bold(padVisible(middleEllipsis(title, labelWidth - 1), labelWidth)) + pc.dim(heads.map((h) => padVisible(h, CELL)).join(''));
}

/** The grid: groups and their rows, in as many columns side by side as fit and are worth it. */
export function renderGlanceGrid(comparison: Comparison): string[] {
  const cells = CELL * comparison.runtimes.length;
  const lines: Line[] = glance(comparison).flatMap((group): Line[] => [{ kind: 'group', group, continued: false }, ...group.rows.map((row) => ({ kind: 'row' as const, row }))]);
  const fit = Math.max(1, Math.floor((COLUMNS + SEPARATOR.length) / (MIN_LABEL + cells + SEPARATOR.length)));
  const parts = Math.min(fit, Math.ceil(lines.length / LINES_PER_COLUMN));
  const labelWidth = Math.min(MAX_LABEL, Math.floor((COLUMNS - SEPARATOR.length * (parts - 1)) / parts) - cells);
  const width = labelWidth + cells;
  const per = Math.ceil(lines.length / parts);
  const columns: Line[][] = [];
  for (let i = 0; i < lines.length; i += per) {
    const part = lines.slice(i, i + per);
    // A column that starts inside a group repeats the group's header, with the runtime names.
    const before = lines.slice(0, i).findLast((l) => l.kind === 'group');
    if (part[0]?.kind === 'row' && before?.kind === 'group') part.unshift({ kind: 'group', group: before.group, continued: true });
    columns.push(part);
  }
  const height = Math.max(...columns.map((c) => c.length));
  const heads = shortColumnNames(comparison.runtimes);
  return Array.from({ length: height }, (_, i) =>
    columns
      .map((column) => (column[i] ? renderLine(column[i]!, labelWidth, heads) : ''))
      .map((text, c) => (c < columns.length - 1 ? padVisible(text, width) : text))
      .join(pc.dim(SEPARATOR))
      .trimEnd(),
  );
}

/** What the glyphs mean, in two lines; a third names the columns when their headers are not plain prefixes (`n22 node@22.12.0`). */
function legend(minEffect: number, runtimes: readonly string[]): string[] {
  const heads = shortColumnNames(runtimes);
  const named = heads.some((h, i) => !runtimes[i]!.startsWith(h)) ? [wrap(`columns: ${heads.map((h, i) => `${h} ${runtimes[i]}`).join(' · ')}`, COLUMNS, '  ')] : [];
  const verdicts = Object.entries(VERDICT_GLYPH).map(([verdict, glyph]) => `${glyph} ${verdict}`);
  const starts = speedLevelStarts(minEffect);
  const speed = ([1, 2, 3] as const).map((level) => `${SPEED_GLYPH[level]} ${starts[level]}`).join(' ');
  return [
    `${verdicts.join('  ')}  · not run  │  ${INTERESTING_GLYPH} an interesting outcome occurred`,
    `ns/op against the fastest runtime: ${speed} slower (with a 95% interval above 1)`,
    ...named,
  ].map((line) => pc.dim(line));
}

/** The runtimes with their versions in one line, then each machine they ran on. */
function versions(comparison: Comparison): string[] {
  const { documents } = comparison;
  const runtimes = wrap(documents.map((d) => `${pc.bold(columnName(d, documents))} ${d.runtime.version}`).join(' · '), COLUMNS, '');
  const machines = new Map<string, string[]>();
  for (const d of documents) {
    const m = d.machine;
    const key = `${m.os} ${m.arch} · ${d.capabilities?.cores ?? m.cpus} cores · ${m.cpuModel}`;
    machines.set(key, [...(machines.get(key) ?? []), columnName(d, documents)]);
  }
  const machineLines = [...machines].map(([machine, on]) => (machines.size === 1 ? machine : `${machine} (${on.join(', ')})`));
  const incomplete = documents.filter((d) => d.incomplete).map((d) => pc.red(`${columnName(d, documents)} incomplete: ${d.incomplete!.split('\n')[0]}`));
  return [runtimes, ...machineLines, ...incomplete];
}

const KIND_WORDS: Record<FindingKind, string> = {
  verdict: 'verdicts differ',
  outcome: 'outcomes seen on some runtimes only',
  model: "outcomes the models allow, seen on none",
  speed: 'ns/op',
};

/** What a kind's line says after its count: the experiments, or for ns/op the rule and where to look. */
function kindText(kind: FindingKind, ids: readonly string[]): string {
  return kind === 'speed' ? 'the bars in the grid' : ids.join(', ');
}

/** The differences that matter, counted per kind with the experiments named as far as two lines allow. */
function findingsSummary(comparison: Comparison, command = 'racelab run'): string[] {
  const head = pc.bold('Differences that matter');
  if (comparison.findings.length === 0) return [`${head}: none (ns/op: none ≥${comparison.minEffect}× the fastest with a 95% interval above 1).`];
  const lines = [`${head} (${command} --details lists each):`];
  for (const kind of Object.keys(KIND_WORDS) as FindingKind[]) {
    const ids = [...new Set(comparison.findings.filter((f) => f.kind === kind).map((f) => f.experiment))];
    if (ids.length === 0) continue;
    const line = wrap(`${KIND_WORDS[kind]} (${ids.length}): ${kindText(kind, ids)}`, COLUMNS - 2, '  ').split('\n').map((l) => `  ${l}`);
    const more = line.length > 2 ? ` … (${ids.length} in all)` : '';
    lines.push(...line.slice(0, 2).map((l, i) => (i === 1 && more ? `${l.slice(0, COLUMNS - visibleWidth(more))}${more}` : l)));
  }
  return lines;
}

/** The whole compact report: versions, legend, grid, differences. */
export function renderGlance(comparison: Comparison, command?: string): string {
  return [...versions(comparison), '', ...legend(comparison.minEffect, comparison.runtimes), '', ...renderGlanceGrid(comparison), '', ...findingsSummary(comparison, command)].join('\n');
}
