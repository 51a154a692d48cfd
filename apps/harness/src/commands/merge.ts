/** `racelab merge`: the documents of separate runs (e.g. CI shards, one per runtime) as one comparison and every report. */
import { Command } from 'commander';
import { DEFAULT_MIN_EFFECT, compareRuntimes } from '../comparison/runtime-comparison.js';
import { mergeDocuments } from '../documents/merge.js';
import { writeOutputs } from '../documents/outputs.js';
import { readDocuments } from '../documents/read.js';
import { exitCodeOf } from '../exit-codes.js';
import { FROM_CLI, readSetting } from '../options/run-settings.js';
import { renderComparison } from '../reports/terminal.js';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('Merge result documents of separate runs (e.g. CI shards, one per runtime) into one comparison')
    .argument('<inputs...>', 'result documents: files (one document or an array) or folders of them')
    .option('-o, --out <dir>', 'write one result document per runtime into this folder')
    .option('--json <file>', 'write the merged documents as one JSON array')
    .option('--markdown <file>', 'write the comparison as Markdown')
    .option('--html <file>', 'write the comparison as one self-contained HTML page with charts')
    .option('--details', 'print a block of figures per experiment and every difference, instead of one line per experiment')
    .option('--min-effect <ratio>', `the smallest ns/op ratio to the fastest runtime that is a difference that matters, if its 95% interval also excludes 1 (default ${DEFAULT_MIN_EFFECT})`)
    .option('-q, --quiet', 'print nothing; rely on the exit code and the files')
    .action((inputs: string[], options) => {
      // Everything is read and validated before anything is written.
      const compare = { minEffect: options.minEffect === undefined ? DEFAULT_MIN_EFFECT : readSetting('minEffect', options.minEffect, FROM_CLI) };
      const documents = mergeDocuments(readDocuments(inputs));
      const written = writeOutputs(documents, options, compare);
      if (!options.quiet) {
        const details = Boolean(options.details);
        process.stdout.write(`${renderComparison(compareRuntimes(documents, compare), { details, command: 'racelab merge' })}\n`);
        if (written.length > 0) process.stderr.write(`Written: ${written.join(', ')}\n`);
      }
      process.exitCode = exitCodeOf(documents);
    });
}
