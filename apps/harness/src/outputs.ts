/**
 * Writes what a run or a merge produced: the documents (one file per runtime
 * in a folder, and/or one JSON array) and the reports (Markdown, HTML). Every
 * file is written through a temporary file and a rename.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResultDocument } from '@racelab/core';
import { compareRuntimes } from './compare.js';
import { renderHtml } from './reports/html.js';
import { renderMarkdown } from './reports/markdown.js';
import { writeDocumentFolder, writeJsonAtomic } from './result-document.js';

export interface OutputTargets {
  /** A folder for `<runtime>.json`, one document each. */
  readonly out?: string;
  /** A file for all documents as one JSON array. */
  readonly json?: string;
  readonly markdown?: string;
  readonly html?: string;
}

/** Writes `text` through a temporary file and a rename, creating the folder. */
export function writeTextAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Writes every requested output; returns the paths written, for the user. */
export function writeOutputs(documents: readonly ResultDocument[], targets: OutputTargets): string[] {
  const written: string[] = [];
  if (targets.out) {
    writeDocumentFolder(targets.out, documents);
    written.push(`${targets.out}/`);
  }
  if (targets.json) {
    mkdirSync(dirname(targets.json), { recursive: true });
    writeJsonAtomic(targets.json, documents);
    written.push(targets.json);
  }
  if (targets.markdown || targets.html) {
    const comparison = compareRuntimes(documents);
    if (targets.markdown) {
      writeTextAtomic(targets.markdown, renderMarkdown(comparison));
      written.push(targets.markdown);
    }
    if (targets.html) {
      writeTextAtomic(targets.html, renderHtml(comparison));
      written.push(targets.html);
    }
  }
  return written;
}
