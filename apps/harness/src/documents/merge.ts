/**
 * Merging shards: the documents of CI jobs that each ran one runtime become
 * the documents of one run, ready for `compareRuntimes` and every report.
 */
import type { ResultDocument } from '@racelab/core';
import { inRuntimeOrder } from '../comparison/runtime-comparison.js';
import { DocumentError, type SourcedDocument } from './read.js';
import { columnName } from './document.js';

/**
 * One document per runtime, in racelab's runtime order. The same runtime in
 * two inputs is an error: which of the two results would be the truth?
 */
export function mergeDocuments(inputs: readonly SourcedDocument[]): ResultDocument[] {
  const seen = new Map<string, string>();
  for (const { file, document } of inputs) {
    const column = columnName(document, inputs.map((i) => i.document));
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      throw new DocumentError(file, `runtime '${column}' appears twice (also in ${earlier}); merge one document per runtime, version, tier and machine`);
    }
    seen.set(column, file);
  }
  return inRuntimeOrder(inputs.map((i) => i.document));
}
