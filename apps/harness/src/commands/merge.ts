/** `racelab merge`: the documents of separate runs (e.g. CI shards, one per runtime) as one comparison and every report. */
import { Command } from 'commander';
import { compareRuntimes } from '../comparison/runtime-comparison.js';
import { mergeDocuments } from '../documents/merge.js';
import { writeOutputs } from '../documents/outputs.js';
import { readDocuments } from '../documents/read.js';
import { exitCodeOf } from '../exit-codes.js';
import { renderComparison } from '../reports/terminal.js';

export function mergeCommand(): Command {
  return new Command('merge')
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
}
