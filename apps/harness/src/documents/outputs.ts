/**
 * Writes what a run or a merge produced: the documents (one file per runtime
 * in a folder, and/or one JSON array) and the reports (Markdown, HTML). Every
 * file is written through a temporary file and a rename.
 */
import type { ResultDocument } from '@racelab/core';
import { type ComparisonOptions, compareRuntimes } from '../comparison/runtime-comparison.js';
import { renderHtml } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import { writeDocumentFolder } from './document.js';
import { writeFileAtomic, writeJsonAtomic } from './write.js';

export interface OutputTargets {
  /** A folder for `<runtime>.json`, one document each. */
  readonly out?: string;
  /** A file for all documents as one JSON array. */
  readonly json?: string;
  readonly markdown?: string;
  readonly html?: string;
}

/** Writes every requested output, the reports compared with `options`; returns the paths written, for the user. */
export function writeOutputs(documents: readonly ResultDocument[], targets: OutputTargets, options: ComparisonOptions = {}): string[] {
  const written: string[] = [];
  if (targets.out) {
    writeDocumentFolder(targets.out, documents);
    written.push(`${targets.out}/`);
  }
  if (targets.json) {
    writeJsonAtomic(targets.json, documents);
    written.push(targets.json);
  }
  if (targets.markdown || targets.html) {
    const comparison = compareRuntimes(documents, options);
    if (targets.markdown) {
      writeFileAtomic(targets.markdown, renderMarkdown(comparison));
      written.push(targets.markdown);
    }
    if (targets.html) {
      writeFileAtomic(targets.html, renderHtml(comparison));
      written.push(targets.html);
    }
  }
  return written;
}
