/**
 * The at-a-glance view every report draws first: experiments grouped by suite
 * (the id's prefix before '/'), one small cell per runtime column holding the
 * three things a reader scans for — the verdict, whether an interesting
 * outcome was seen, and how much slower than the fastest runtime it ran.
 * Defined once here so the terminal, Markdown and HTML grids agree.
 */
import { type Verdict, ran } from '@racelab/core';
import type { Comparison, ComparisonRow, Speed } from './runtime-comparison.js';

/** 0: the fastest, or no speed difference that matters; 1: slower by one that matters; 2: at least 2×; 3: at least 4×. */
export type SpeedLevel = 0 | 1 | 2 | 3;

/** Ratios to the fastest where levels 2 and 3 begin: powers of two a reader can tell apart in a shade or a bar. */
const LEVEL_STARTS = [2, 4] as const;

/** The level of a cell's speed: only a difference that matters (see {@link Speed.matters}) raises it above 0. */
export function speedLevel(speed: Speed | null): SpeedLevel {
  if (!speed?.matters) return 0;
  return speed.ratio >= LEVEL_STARTS[1] ? 3 : speed.ratio >= LEVEL_STARTS[0] ? 2 : 1;
}

/** Where each speed level begins, as a ratio to the fastest ns/op, for legends: `≥1.2×`. */
export function speedLevelStarts(minEffect: number): Record<Exclude<SpeedLevel, 0>, string> {
  return { 1: `≥${minEffect}×`, 2: `≥${LEVEL_STARTS[0]}×`, 3: `≥${LEVEL_STARTS[1]}×` };
}

/** One runtime's cell in the grid. */
export interface GlanceCell {
  readonly verdict: Verdict;
  /** An interesting outcome (the race showing, a weak memory behaviour) occurred at least once. */
  readonly interesting: boolean;
  readonly speed: SpeedLevel;
}

/** One experiment's row in the grid. */
export interface GlanceRow {
  readonly row: ComparisonRow;
  /** The id without its group prefix. */
  readonly name: string;
  /** One per runtime column; null where the runtime has no result. */
  readonly cells: readonly (GlanceCell | null)[];
  /** The runtimes differ in verdict or outcomes; in ns/op by a difference that matters. */
  readonly differs: { readonly outcomes: boolean; readonly speed: boolean };
}

/** A suite's rows, with the counts its header shows. */
export interface GlanceGroup {
  readonly name: string;
  readonly rows: readonly GlanceRow[];
  /** Rows whose runtimes differ in verdict or outcomes. */
  readonly differing: number;
  /** For each verdict other than pass: how many rows have it on some runtime. */
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
}

/**
 * The suite an experiment belongs to: `litmus` for `litmus/sb+plain`; a
 * test262 test's folder, `test262/built-ins/Atomics/wait` for its tests.
 */
export function groupOf(id: string): string {
  const slash = id.startsWith('test262/') ? id.lastIndexOf('/') : id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : id;
}

function glanceRow(row: ComparisonRow): GlanceRow {
  const group = groupOf(row.id);
  const cells = row.cells.map((c) =>
    c && {
      verdict: c.result.verdict,
      interesting: ran(c.result.verdict) && c.result.rates.interesting.count > 0,
      speed: speedLevel(c.speed),
    },
  );
  const kinds = new Set(row.findings.map((f) => f.kind));
  return {
    row,
    name: row.id.length > group.length ? row.id.slice(group.length + 1) : row.id,
    cells,
    differs: { outcomes: kinds.has('verdict') || kinds.has('outcome'), speed: kinds.has('speed') },
  };
}

/**
 * The comparison's rows grouped by suite, in the order the suites first appear.
 *
 * @example
 * ```ts
 * for (const group of glance(compareRuntimes(documents))) console.log(group.name, groupCounts(group));
 * ```
 */
export function glance(comparison: Comparison): GlanceGroup[] {
  const groups = new Map<string, GlanceRow[]>();
  for (const row of comparison.rows) {
    const name = groupOf(row.id);
    groups.set(name, [...(groups.get(name) ?? []), glanceRow(row)]);
  }
  return [...groups].map(([name, rows]) => {
    const verdicts: Partial<Record<Verdict, number>> = {};
    for (const r of rows) {
      for (const v of new Set(r.cells.map((c) => c?.verdict))) if (v && v !== 'pass') verdicts[v] = (verdicts[v] ?? 0) + 1;
    }
    return { name, rows, differing: rows.filter((r) => r.differs.outcomes).length, verdicts };
  });
}

/**
 * A group's counts in words: `75 experiments · 3 differ · 1 fail`; `short`,
 * for a terminal line whose glyphs show the verdicts: `75 · 3 differ`.
 */
export function groupCounts(group: GlanceGroup, short = false): string {
  const parts = [short ? String(group.rows.length) : `${group.rows.length} experiment${group.rows.length === 1 ? '' : 's'}`];
  if (group.differing > 0) parts.push(`${group.differing} differ${group.differing === 1 ? 's' : ''}`);
  if (!short) for (const [verdict, n] of Object.entries(group.verdicts)) parts.push(`${n} ${verdict}`);
  return parts.join(' · ');
}

/**
 * The runtime columns (see columnName) in three characters each, for grid
 * headers, told apart: `nod`, `chr`; `n·i` for node·interpreter beside node;
 * `n22` for node@22.12.0 beside another node; numbered per runtime (`n1`,
 * `n2`) when even those would repeat.
 */
export function shortColumnNames(columns: readonly string[]): string[] {
  const distinct = (names: readonly string[]) => new Set(names).size === names.length;
  const plain = columns.map((c) => c.slice(0, 3));
  if (distinct(plain)) return plain;
  const qualified = columns.map((column) => {
    const [base, ...qualifiers] = column.split('·');
    const [runtime, version] = base!.split('@');
    if (version) return `${runtime![0]}${version.split('.')[0]}`.slice(0, 3);
    return qualifiers.length > 0 ? `${runtime![0]}·${qualifiers[0]![0]}` : runtime!.slice(0, 3);
  });
  if (distinct(qualified)) return qualified;
  return columns.map((column, i) => `${column[0]}${columns.slice(0, i + 1).filter((c) => c[0] === column[0]).length}`);
}
