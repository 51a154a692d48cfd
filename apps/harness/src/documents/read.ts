/**
 * Reads result documents that `racelab run` wrote, for `merge` and `compare`:
 * a file holding one document or an array of them (`--json`), or a folder of
 * such files (`--out`). Everything is validated against the schema; any
 * problem is a `DocumentError` naming the file, found before anything is
 * written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultDocument } from '@racelab/core';
import { resultDocument, SCHEMA_VERSION } from '@racelab/core/schema';
import { UsageError } from '../options/usage-error.js';

/** A result document and the file it came from. */
export interface SourcedDocument {
  readonly file: string;
  readonly document: ResultDocument;
}

/** An input that is not a usable result document: a usage error (exit 2) naming the file. */
export class DocumentError extends UsageError {
  constructor(file: string, problem: string) {
    super(`Cannot read ${file} as a racelab result document: ${problem}`);
  }
}

/** Reads every document in `paths` (files or folders of `*.json`). */
export function readDocuments(paths: readonly string[]): SourcedDocument[] {
  if (paths.length === 0) throw new UsageError('Give at least one result document (a file or a folder).');
  return paths.flatMap((path) => {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new DocumentError(path, 'no such file or folder');
    }
    if (!isFolder) return readDocumentFile(path);
    const files = readdirSync(path)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(path, name));
    if (files.length === 0) throw new DocumentError(path, 'the folder holds no .json files');
    return files.flatMap(readDocumentFile);
  });
}

/** Reads one file holding a document or an array of documents. */
export function readDocumentFile(file: string): SourcedDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DocumentError(file, (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (error as Error).message);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const truncated = text.trim() !== '' && /Unexpected end|Unterminated/.test((error as Error).message);
    throw new DocumentError(file, truncated ? 'the JSON is truncated (the file ends too early)' : `not JSON (${(error as Error).message})`);
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new DocumentError(file, 'the array holds no documents');
  return values.map((v, index) => ({ file, document: parseDocument(file, v, Array.isArray(value) ? index : null) }));
}

function parseDocument(file: string, value: unknown, index: number | null): ResultDocument {
  const where = index === null ? '' : `document ${index + 1}: `;
  if (typeof value !== 'object' || value === null || (value as { tool?: { name?: unknown } }).tool?.name !== 'racelab') {
    throw new DocumentError(file, `${where}not a result document (no "tool": { "name": "racelab" })`);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new DocumentError(
      file,
      `${where}schema version ${JSON.stringify(version)} is not ${SCHEMA_VERSION}, the version this racelab reads` +
        (typeof version === 'number' && version > SCHEMA_VERSION ? ': update racelab' : ''),
    );
  }
  const parsed = resultDocument.safeParse(value);
  if (!parsed.success) throw new DocumentError(file, `${where}invalid: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`);
  return shown.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : '');
}
