/**
 * Versions and machines as columns: what a document is called among the
 * others, in which order, how merge and the baseline check pair them, and
 * what the reports say. Pure: fixture documents, no runtime.
 */
import type { ResultDocument } from '@racelab/core';
import { describe, expect, it } from 'vitest';
import { checkBaseline } from '../src/comparison/baseline-check.js';
import { compareRuntimes } from '../src/comparison/runtime-comparison.js';
import { columnName } from '../src/documents/document.js';
import { mergeDocuments } from '../src/documents/merge.js';
import { renderMarkdown } from '../src/reports/markdown.js';
import { document, lesson, result } from './fixtures.js';

const ARM_MAC = { os: 'Darwin 24.1.0', arch: 'arm64', cpus: 8, cpuModel: 'Apple M2', memoryGiB: 16 };
const ARM_LINUX = { os: 'Linux 6.8', arch: 'arm64', cpus: 4, cpuModel: 'Neoverse-N1', memoryGiB: 16 };

const on = (d: ResultDocument, machine: ResultDocument['machine']): ResultDocument => ({ ...d, machine });
const withVersion = (d: ResultDocument, version: string): ResultDocument => ({ ...d, runtime: { ...d.runtime, version } });
const names = (documents: readonly ResultDocument[]) => documents.map((d) => columnName(d, documents));

describe('columnName among other documents', () => {
  const node22 = document('node', [result({ id: 'a' })], '22.12.0');
  const node20 = document('node', [result({ id: 'a' })], '20.18.0');
  const deno = document('deno', [result({ id: 'a' })], '2.1.4');

  it('is the bare runtime when it is the only version of it', () => {
    expect(names([node22, deno])).toEqual(['node', 'deno']);
    expect(columnName(node22)).toBe('node');
  });

  it('names the version when several versions of one runtime ran', () => {
    expect(names([node22, node20, deno])).toEqual(['node@22.12.0', 'node@20.18.0', 'deno']);
    expect(names([{ ...node20, tier: 'interpreter' }, node22])).toEqual(['node@20.18.0·interpreter', 'node@22.12.0']);
  });

  it('names the architecture when machines differ, and the system when systems differ', () => {
    expect(names([node22, on(node22, ARM_LINUX)])).toEqual(['node·x64', 'node·arm64']);
    expect(names([node22, on(node22, ARM_MAC)])).toEqual(['node·linux-x64', 'node·darwin-arm64']);
    expect(names([node22, node20, on(node22, ARM_LINUX)])).toEqual(['node@22.12.0·x64', 'node@20.18.0·x64', 'node@22.12.0·arm64']);
  });
});

describe('versions in the comparison, merge and the baseline check', () => {
  // The racy counter loses updates on the older version only: a difference between versions.
  const old = withVersion(lesson('node', { racy: true }), '20.18.0');
  const young = withVersion(lesson('node', { racy: false }), '22.12.0');

  it('puts older versions first and tells their differences as between runtimes', () => {
    const comparison = compareRuntimes([young, old]);
    expect(comparison.runtimes).toEqual(['node@20.18.0', 'node@22.12.0']);
    const outcome = comparison.findings.find((f) => f.kind === 'outcome');
    expect(outcome?.text).toContain('node@20.18.0');
  });

  it('merges versions and machines of one runtime into columns, and refuses the same column twice', () => {
    const arm = on(young, ARM_LINUX);
    const merged = mergeDocuments([young, old, arm].map((document, i) => ({ file: `${i}.json`, document })));
    // Older versions first; machines of one version in the order of their names.
    expect(names(merged)).toEqual(['node@20.18.0·x64', 'node@22.12.0·arm64', 'node@22.12.0·x64']);
    expect(() => mergeDocuments([{ file: 'a.json', document: young }, { file: 'b.json', document: young }])).toThrow(
      /runtime 'node' appears twice \(also in a\.json\)/,
    );
  });

  it('compares an old version as the baseline of a new one', () => {
    const check = checkBaseline([old], [young]);
    expect(check.caveats).toContain('node version changed: 20.18.0 → 22.12.0');
    expect(check.changes.some((c) => c.runtime === 'node' && c.kind === 'verdict')).toBe(false);
    expect(check.changes.filter((c) => c.kind === 'missing' || c.kind === 'new')).toEqual([]);
  });

  it('pairs a matrix of versions and machines column by column', () => {
    const baseline = [old, young, on(young, ARM_LINUX)];
    const check = checkBaseline(baseline, baseline);
    expect(check.changes.filter((c) => c.kind === 'missing' || c.kind === 'new')).toEqual([]);
    expect(check.caveats).toEqual([]);
  });

  it('the Markdown report names each column with its version and machine', () => {
    const markdown = renderMarkdown(compareRuntimes([old, on(young, ARM_LINUX)]));
    expect(markdown).toContain('Machines: 2, each named beside its runtime.');
    expect(markdown).toMatch(/\| \*\*node@20\.18\.0·x64\*\* \| 20\.18\.0 \| V8 \| Linux 6 x64, 2 cores, Test CPU, 8 GiB \|/);
    expect(markdown).toContain('**node@22.12.0·arm64**');
  });
});
