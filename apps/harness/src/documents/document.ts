/** Result documents: built as events arrive, written atomically after every experiment. */
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ExperimentResult, ResultDocument, RuntimeId, Tier } from '@racelab/core';
import { describeMachine } from './machine.js';
import { writeJsonAtomic } from './write.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** An empty document for `runtime`, before its host said hello. */
export function newDocument(runtime: RuntimeId, settings?: ResultDocument['settings'], tier?: Tier): ResultDocument {
  return {
    schemaVersion: 1,
    tool: { name: 'racelab', version },
    createdAt: new Date().toISOString(),
    machine: describeMachine(),
    runtime: { id: runtime, version: 'unknown', engine: 'unknown' },
    ...(tier && { tier }),
    ...(settings && { settings }),
    capabilities: null,
    experiments: [],
  };
}

/**
 * What a document is a column of in every report: its runtime, and the JIT
 * tier it forced if any (`node`, `node·interpreter`).
 */
export function columnName(document: Pick<ResultDocument, 'runtime' | 'tier'>): string {
  return document.tier ? `${document.runtime.id}·${document.tier}` : document.runtime.id;
}

/** Writes each document to `<folder>/<runtime>.json` (`<runtime>-<tier>.json` for a forced tier), atomically, creating the folder. */
export function writeDocumentFolder(folder: string, documents: readonly ResultDocument[]): void {
  for (const document of documents) writeJsonAtomic(join(folder, `${columnName(document).replace('·', '-')}.json`), document);
}

/** Replaces or appends `result` in `document`. */
export function recordResult(document: ResultDocument, result: ExperimentResult): void {
  const index = document.experiments.findIndex((e) => e.id === result.id);
  if (index >= 0) document.experiments[index] = result;
  else document.experiments.push(result);
}
