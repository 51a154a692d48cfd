/**
 * The commands that read result documents instead of running anything:
 * `racelab merge` (CI shards → one comparison and every report) and
 * `racelab compare` (baseline vs current, exit 1 on a regression).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { compareBaseline } from './baseline.js';
import { compareRuntimes } from './compare.js';
import { EXIT } from './exit-codes.js';
import { mergeDocuments } from './merge.js';
import { writeOutputs, writeTextAtomic } from './outputs.js';
import { readDocuments } from './read-documents.js';
import { renderBaselineMarkdown, renderBaselineText } from './reports/baseline.js';
import { renderComparison } from './reports/terminal.js';
import { exitCodeOf } from './run.js';

/** `reports/<timestamp>/`, the folder `run` writes to unless told otherwise. */
export function defaultOutDir(now = new Date()): string {
  return `reports/${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** `10%`, `10` or `0.1` → 0.1. */
function parseThreshold(value: string): number {
  const text = value.trim();
  const n = Number(text.endsWith('%') ? text.slice(0, -1) : text);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('--threshold must be a percentage, e.g. 10%.');
  return text.endsWith('%') || n >= 1 ? n / 100 : n;
}

export function addReportCommands(program: Command): void {
  program
    .command('merge')
    .description('Merge result documents of separate runs (e.g. CI shards, one per runtime) into one comparison')
    .argument('<inputs...>', 'result documents: files (one document or an array) or folders of them')
    .option('-o, --out <dir>', 'write one result document per runtime into this folder')
    .option('--json <file>', 'write the merged documents as one JSON array')
    .option('--markdown <file>', 'write the comparison as Markdown')
    .option('--html <file>', 'write the comparison as one self-contained HTML page with charts')
    .option('-q, --quiet', 'print nothing; rely on the exit code and the files')
    .action((inputs: string[], options) => {
      // Everything is read and validated before anything is written.
      const documents = mergeDocuments(readDocuments(inputs));
      const written = writeOutputs(documents, options);
      if (!options.quiet) {
        process.stdout.write(`${renderComparison(compareRuntimes(documents))}\n`);
        if (written.length > 0) process.stderr.write(`Written: ${written.join(', ')}\n`);
      }
      process.exitCode = exitCodeOf(documents);
    });

  program
    .command('compare')
    .description('Compare a run with a baseline: regressions and improvements per experiment and runtime (exit 1 on a regression)')
    .argument('<baseline>', 'the baseline: a result document file or folder')
    .argument('<current>', 'the run to judge: a result document file or folder')
    .option('--threshold <percent>', 'smallest ns/op change that counts, if also significant', parseThreshold, 0.1)
    .option('--markdown <file>', 'also write the changes as Markdown')
    .option('--json <file>', 'also write the changes as JSON')
    .option('-q, --quiet', 'print nothing; rely on the exit code')
    .action((baselinePath: string, currentPath: string, options) => {
      const baseline = mergeDocuments(readDocuments([baselinePath]));
      const current = mergeDocuments(readDocuments([currentPath]));
      const result = compareBaseline(baseline, current, options.threshold);
      if (options.markdown) writeTextAtomic(options.markdown, renderBaselineMarkdown(result));
      if (options.json) writeTextAtomic(options.json, `${JSON.stringify(result, null, 2)}\n`);
      if (!options.quiet) process.stdout.write(`${renderBaselineText(result)}\n`);
      process.exitCode = result.regressions > 0 ? EXIT.FORBIDDEN : EXIT.OK;
    });
}
