/** Result documents: built as events arrive, written atomically after every experiment. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ExperimentResult, ResultDocument, RuntimeId, Tier } from '@racelab/core';
import { describeMachine } from './machine.js';
import { writeJsonAtomic } from './write.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * An empty document for `runtime`, before its host said hello; with the
 * version asked for (`node@22` → `22.12.0`) if one was, which the hello then
 * confirms.
 */
export function newDocument(runtime: RuntimeId, settings?: ResultDocument['settings'], tier?: Tier, runtimeVersion?: string): ResultDocument {
  return {
    schemaVersion: 1,
    tool: { name: 'racelab', version },
    createdAt: new Date().toISOString(),
    machine: describeMachine(),
    runtime: { id: runtime, version: runtimeVersion ?? 'unknown', engine: 'unknown' },
    ...(tier && { tier }),
    ...(settings && { settings }),
    capabilities: null,
    experiments: [],
  };
}

/** What names a column: a document, or as much of one as is known before its host said hello. */
export type ColumnOf = Pick<ResultDocument, 'runtime' | 'tier'> & Partial<Pick<ResultDocument, 'machine'>>;

/**
 * What a document is a column of in every report, among the documents shown
 * with it (default: alone): its runtime; its version when several versions
 * of that runtime are among them (`node@22.12.0`); the JIT tier it forced if
 * any (`node·interpreter`); and its machine when they ran on machines of
 * different architectures (`node·arm64`) or systems (`node·darwin-arm64`).
 */
export function columnName(document: ColumnOf, among: readonly ColumnOf[] = [document]): string {
  const { id, version: runtimeVersion } = document.runtime;
  const versions = new Set(among.filter((d) => d.runtime.id === id).map((d) => d.runtime.version));
  let name = versions.size > 1 ? `${id}@${runtimeVersion}` : id;
  if (document.tier) name += `·${document.tier}`;
  const machine = machineLabel(document, among);
  return machine ? `${name}·${machine}` : name;
}

/** `arm64` when the documents ran on several architectures, `darwin-arm64` when on several systems; else empty. */
function machineLabel(document: ColumnOf, among: readonly ColumnOf[]): string {
  if (!document.machine) return '';
  const machines = among.flatMap((d) => (d.machine ? [d.machine] : []));
  if (new Set(machines.map(systemOf)).size > 1) return `${systemOf(document.machine)}-${document.machine.arch}`;
  if (new Set(machines.map((m) => m.arch)).size > 1) return document.machine.arch;
  return '';
}

/** `linux`, `darwin`, `windows_nt`: the first word of os.type() as documents record it. */
const systemOf = (machine: ResultDocument['machine']): string => machine.os.split(' ')[0]!.toLowerCase();

/**
 * The order of columns of one runtime: older versions first (the baseline
 * reads left to right), then by machine. 0 for the same version and machine.
 */
export function compareVersionAndMachine(a: ColumnOf, b: ColumnOf): number {
  return compareVersions(a.runtime.version, b.runtime.version) || machineKey(a).localeCompare(machineKey(b));
}

const machineKey = (d: ColumnOf) => (d.machine ? `${systemOf(d.machine)}-${d.machine.arch}` : '');

/** Numeric, part by part: 9.0.0 before 10.0.0; a version that is not numbers (`unknown`) last. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (/^\d+(\.\d+)*/.exec(v)?.[0].split('.').map(Number) ?? null);
  const [pa, pb] = [parts(a), parts(b)];
  if (!pa || !pb) return (pa ? 0 : 1) - (pb ? 0 : 1) || a.localeCompare(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** The files {@link writeDocumentFolder} last wrote each document to, so that a renamed column leaves no stale file. */
const writtenTo = new WeakMap<ResultDocument, string>();

/**
 * Writes each document to `<folder>/<column>.json` (`node.json`,
 * `node-interpreter.json`, `node@22.12.0.json`), named among all of
 * `documents`, atomically, creating the folder. A document whose column name
 * changed since the last write (a second version of its runtime joined the
 * run) leaves its old file behind no more.
 */
export function writeDocumentFolder(folder: string, documents: readonly ResultDocument[]): void {
  for (const document of documents) {
    const file = join(folder, `${columnName(document, documents).replaceAll('·', '-')}.json`);
    writeJsonAtomic(file, document);
    const previous = writtenTo.get(document);
    if (previous !== undefined && previous !== file) rmSync(previous, { force: true });
    writtenTo.set(document, file);
  }
}

/** Replaces or appends `result` in `document`. */
export function recordResult(document: ResultDocument, result: ExperimentResult): void {
  const index = document.experiments.findIndex((e) => e.id === result.id);
  if (index >= 0) document.experiments[index] = result;
  else document.experiments.push(result);
}
