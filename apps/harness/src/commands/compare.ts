/** `racelab compare <baseline> <current>`: the baseline regression check, exit 1 on a regression. */
import { Command, InvalidArgumentError } from 'commander';
import { checkBaseline } from '../comparison/baseline-check.js';
import { mergeDocuments } from '../documents/merge.js';
import { readDocuments } from '../documents/read.js';
import { writeFileAtomic } from '../documents/write.js';
import { EXIT } from '../exit-codes.js';
import { renderBaselineMarkdown, renderBaselineText } from '../reports/baseline-check.js';

/** `10%`, `10` or `0.1` → 0.1. */
function parseThreshold(value: string): number {
  const text = value.trim();
  const n = Number(text.endsWith('%') ? text.slice(0, -1) : text);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('--threshold must be a percentage, e.g. 10%.');
  return text.endsWith('%') || n >= 1 ? n / 100 : n;
}

export function compareCommand(): Command {
  return new Command('compare')
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
      const result = checkBaseline(baseline, current, options.threshold);
      if (options.markdown) writeFileAtomic(options.markdown, renderBaselineMarkdown(result));
      if (options.json) writeFileAtomic(options.json, `${JSON.stringify(result, null, 2)}\n`);
      if (!options.quiet) process.stdout.write(`${renderBaselineText(result)}\n`);
      process.exitCode = result.regressions > 0 ? EXIT.FORBIDDEN : EXIT.OK;
    });
}
