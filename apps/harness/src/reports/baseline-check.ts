/** The changes against a baseline, as terminal text and as Markdown. */
import { pc } from './colors.js';
import type { BaselineCheck, Change, Direction } from '../comparison/baseline-check.js';
import { renderTable } from './table.js';

const MARK: Record<Direction, (s: string) => string> = {
  regression: (s) => pc.red(s),
  improvement: (s) => pc.green(s),
  note: (s) => pc.dim(s),
};

function summaryLine(result: BaselineCheck): string {
  return (
    `${result.regressions} regression${result.regressions === 1 ? '' : 's'}, ` +
    `${result.improvements} improvement${result.improvements === 1 ? '' : 's'} ` +
    `in ${result.compared} results compared (speed counts when significant and over ${Math.round(result.threshold * 100)}%)`
  );
}

const ordered = (changes: readonly Change[]) => {
  const rank: Record<Direction, number> = { regression: 0, improvement: 1, note: 2 };
  return [...changes].sort((a, b) => rank[a.direction] - rank[b.direction]);
};

export function renderBaselineText(result: BaselineCheck): string {
  const rows = ordered(result.changes).map((c) => [MARK[c.direction](c.direction), c.runtime, c.experiment, c.text]);
  return [
    ...result.caveats.map((c) => pc.yellow(`note: ${c}`)),
    rows.length > 0 ? renderTable(['change', 'runtime', 'experiment', 'what'], rows) : 'No changes.',
    '',
    result.regressions > 0 ? pc.red(summaryLine(result)) : summaryLine(result),
  ].join('\n');
}

const ICON: Record<Direction, string> = { regression: '🔴 regression', improvement: '🟢 improvement', note: '⚪ note' };

export function renderBaselineMarkdown(result: BaselineCheck): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '# racelab: changes against the baseline',
    '',
    `**${summaryLine(result)}**`,
    '',
    ...result.caveats.map((c) => `> ${c}`),
    ...(result.caveats.length > 0 ? [''] : []),
    result.changes.length === 0
      ? 'No changes.'
      : [
          '| change | runtime | experiment | what |',
          '| --- | --- | --- | --- |',
          ...ordered(result.changes).map((c) => `| ${ICON[c.direction]} | ${c.runtime} | \`${c.experiment}\` | ${cell(c.text)} |`),
        ].join('\n'),
    '',
  ].join('\n');
}
