/**
 * The grid at the top of the HTML report: one row per experiment, one small
 * coloured cell per runtime (colour: verdict; shade: how much slower than the
 * fastest; ✱: an interesting outcome occurred), grouped by suite, in as many
 * columns as the page is wide, with filters. Every cell links to its
 * experiment's details further down. The filters' script is in
 * html-template.ts; without it the grid still reads.
 */
import type { Verdict } from '@racelab/core';
import type { Comparison } from '../comparison/runtime-comparison.js';
import { type GlanceCell, type GlanceGroup, type GlanceRow, glance, groupCounts, shortColumnNames, speedLevelStarts } from '../comparison/glance.js';
import { INTERESTING_GLYPH, describeCell } from './format.js';
import { escapeHtml as esc } from './html-template.js';

/** Verdicts in the order the verdict filter lists them: the ones worth finding first. */
const VERDICT_ORDER: readonly Verdict[] = ['fail', 'error', 'timeout', 'skipped', 'pass'];

function cellHtml(glanceRow: GlanceRow, cell: GlanceCell | null, index: number): string {
  const full = glanceRow.row.cells[index];
  if (!cell || !full) return '<span class="c none" title="not run"></span>';
  return `<a class="c ${cell.verdict} s${cell.speed}" href="#${esc(glanceRow.row.id)}" title="${esc(describeCell(full))}">${cell.interesting ? INTERESTING_GLYPH : ''}</a>`;
}

function rowHtml(r: GlanceRow, group: string): string {
  const verdicts = [...new Set(r.cells.flatMap((c) => (c ? [c.verdict] : [])))].join(' ');
  const differs = [...(r.differs.outcomes ? ['outcomes'] : []), ...(r.differs.outcomes || r.differs.speed ? ['any'] : [])].join(' ');
  const name = `<a class="name" href="#${esc(r.row.id)}" title="${esc(`${r.row.id}: ${r.row.title}`)}">${esc(r.name)}</a>`;
  return `<div class="g-row" data-group="${esc(group)}" data-verdicts="${verdicts}" data-differs="${differs}">${name}${r.cells.map((c, i) => cellHtml(r, c, i)).join('')}</div>`;
}

function groupHtml(group: GlanceGroup, runtimes: readonly string[]): string {
  const short = shortColumnNames(runtimes);
  const heads = runtimes.map((r, i) => `<abbr title="${esc(r)}">${esc(short[i]!)}</abbr>`).join('');
  return `<div class="g-head" data-group="${esc(group.name)}"><span><b>${esc(group.name)}</b> <small>${esc(groupCounts(group))}</small></span>${heads}</div>
${group.rows.map((r) => rowHtml(r, group.name)).join('\n')}`;
}

function option(value: string, text: string, count?: number): string {
  return `<option value="${esc(value)}">${esc(text)}${count === undefined ? '' : ` (${count})`}</option>`;
}

function filters(groups: readonly GlanceGroup[]): string {
  const rows = groups.flatMap((g) => g.rows);
  const withVerdict = (v: Verdict) => rows.filter((r) => r.cells.some((c) => c?.verdict === v)).length;
  const verdicts = VERDICT_ORDER.filter((v) => withVerdict(v) > 0).map((v) => option(v, `${v} on some runtime`, withVerdict(v)));
  const differing = rows.filter((r) => r.differs.outcomes).length;
  const any = rows.filter((r) => r.differs.outcomes || r.differs.speed).length;
  return `<form class="g-filters" aria-label="Filter the grid">
<label>suite <select name="group">${option('', 'all', rows.length)}${groups.map((g) => option(g.name, g.name, g.rows.length)).join('')}</select></label>
<label>verdict <select name="verdict">${option('', 'any')}${verdicts.join('')}</select></label>
<label>only rows where runtimes differ <select name="differs">${option('', 'no')}${option('outcomes', 'in verdict or outcomes', differing)}${option('any', 'in anything, ns/op too', any)}</select></label>
<output name="shown">${rows.length} of ${rows.length} experiments</output>
</form>`;
}

function legend(comparison: Comparison): string {
  const swatch = (classes: string, text: string, glyph = '') => `<span><i class="c ${classes}">${glyph}</i>${esc(text)}</span>`;
  const starts = speedLevelStarts(comparison.minEffect);
  return `<p class="g-legend">${(['pass', 'fail', 'error', 'timeout', 'skipped'] as const).map((v) => swatch(`${v} s0`, v)).join('')}
${swatch('pass s0', 'an interesting outcome occurred', INTERESTING_GLYPH)}
<span>ns/op against the fastest runtime:</span>${([1, 2, 3] as const).map((l) => swatch(`pass s${l}`, `${starts[l]} slower`)).join('')}</p>`;
}

/** The grid section, `id="at-a-glance"`. */
export function glanceSection(comparison: Comparison): string {
  const groups = glance(comparison);
  return `<section id="at-a-glance">
${filters(groups)}
${legend(comparison)}
<div class="g-grid" style="--runtimes:${comparison.runtimes.length}">
${groups.map((g) => groupHtml(g, comparison.runtimes)).join('\n')}
</div>
</section>`;
}

/** The grid's styles: cells 20 px wide and rows 18 px high, so the default suite on five runtimes fits in one screen. */
export const GLANCE_STYLE = `
#at-a-glance { margin: 8px 0 24px; }
.g-filters { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; font-size: 13px; margin-bottom: 4px; }
.g-filters output { color: var(--muted); }
.g-legend { font-size: 12px; color: var(--muted); margin: 4px 0 8px; }
.g-legend span { display: inline-flex; align-items: center; gap: 3px; margin-right: 10px; }
.g-grid { columns: 3 330px; column-gap: 28px; font-size: 12px; line-height: 16px; }
.g-row, .g-head { display: grid; grid-template-columns: minmax(0, 1fr) repeat(var(--runtimes), 20px); gap: 2px; align-items: center; break-inside: avoid; height: 18px; }
.g-head { height: 22px; padding-top: 4px; border-bottom: 1px solid var(--line); break-after: avoid; }
.g-head span { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.g-head small { color: var(--muted); }
.g-head abbr { font-size: 10px; color: var(--muted); text-decoration: none; text-align: center; }
.g-row[hidden], .g-head[hidden] { display: none; }
.g-row .name { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; color: inherit; text-decoration: none; }
.g-row .name:hover { text-decoration: underline; }
.c { display: inline-block; width: 20px; height: 14px; border-radius: 3px; font: 10px/14px system-ui, sans-serif; text-align: center; color: #fff; text-decoration: none; font-style: normal; }
.c.pass { --v: var(--pass); } .c.fail { --v: var(--fail); } .c.error { --v: var(--error); } .c.timeout { --v: var(--timeout); } .c.skipped { --v: var(--skipped); }
/* Speed as a shade of the verdict's colour: the slower, the paler. */
.c.s0 { background: var(--v); } .c.s1 { background: color-mix(in srgb, var(--v) 62%, #fff); }
.c.s2 { background: color-mix(in srgb, var(--v) 38%, #fff); color: #1f2328; } .c.s3 { background: color-mix(in srgb, var(--v) 18%, #fff); color: #1f2328; }
.c.none { border: 1px dashed var(--line); }
`;
