/** Result documents: built as events arrive, written atomically after every experiment. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ExperimentResult, ResultDocument, RuntimeId } from '@racelab/core';
import { describeMachine } from './machine.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** An empty document for `runtime`, before its host said hello. */
export function newDocument(runtime: RuntimeId): ResultDocument {
  return {
    schemaVersion: 1,
    tool: { name: 'racelab', version },
    createdAt: new Date().toISOString(),
    machine: describeMachine(),
    runtime: { id: runtime, version: 'unknown', engine: 'unknown' },
    capabilities: null,
    experiments: [],
  };
}

/** Writes JSON through a temporary file and a rename, so a reader never sees half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Writes each document to `<folder>/<runtime>.json` (atomically), creating the folder. */
export function writeDocumentFolder(folder: string, documents: readonly ResultDocument[]): void {
  mkdirSync(folder, { recursive: true });
  for (const document of documents) writeJsonAtomic(join(folder, `${document.runtime.id}.json`), document);
}

/** Replaces or appends `result` in `document`. */
export function recordResult(document: ResultDocument, result: ExperimentResult): void {
  const index = document.experiments.findIndex((e) => e.id === result.id);
  if (index >= 0) document.experiments[index] = result;
  else document.experiments.push(result);
}
