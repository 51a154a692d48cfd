/** Result documents: built as events arrive, written atomically after every experiment. */
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ExperimentResult, ResultDocument, RuntimeId } from '@racelab/core';
import { describeMachine } from './machine.js';
import { writeJsonAtomic } from './write.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** An empty document for `runtime`, before its host said hello. */
export function newDocument(runtime: RuntimeId, settings?: ResultDocument['settings']): ResultDocument {
  return {
    schemaVersion: 1,
    tool: { name: 'racelab', version },
    createdAt: new Date().toISOString(),
    machine: describeMachine(),
    runtime: { id: runtime, version: 'unknown', engine: 'unknown' },
    ...(settings && { settings }),
    capabilities: null,
    experiments: [],
  };
}

/** Writes each document to `<folder>/<runtime>.json` (atomically), creating the folder. */
export function writeDocumentFolder(folder: string, documents: readonly ResultDocument[]): void {
  for (const document of documents) writeJsonAtomic(join(folder, `${document.runtime.id}.json`), document);
}

/** Replaces or appends `result` in `document`. */
export function recordResult(document: ResultDocument, result: ExperimentResult): void {
  const index = document.experiments.findIndex((e) => e.id === result.id);
  if (index >= 0) document.experiments[index] = result;
  else document.experiments.push(result);
}
