/**
 * `racelab model <files…>`: what the memory models say of litmus tests, with
 * nothing run on a runtime — per test the allowed outcomes and the
 * condition's verdict under the ECMAScript model, sequential consistency and
 * x86-TSO, and why the ECMAScript model forbids each outcome it forbids.
 */
import { basename, join, resolve } from 'node:path';
import { type LitmusTest, MAX_OUTCOMES, type ModelReport } from '@racelab/model';
import { Command } from 'commander';
import { writeFileAtomic } from '../documents/write.js';
import { positiveInteger } from '../options/positive-integer.js';
import { expandGlob } from '../plugins/config.js';
import { readLitmusFile } from '../plugins/litmus.js';
import { checkWithProgress } from '../plugins/model-progress.js';
import { pc } from '../reports/colors.js';
import { executionSvg } from '../reports/execution-svg.js';
import { renderTable } from '../reports/table.js';

const MODELS = ['js', 'sc', 'tso'] as const;

/** Reads and parses every litmus file (globs expanded); a malformed one is a usage error with its file, line and column. */
export function readLitmusFiles(patterns: readonly string[], cwd = process.cwd()): LitmusTest[] {
  return patterns.flatMap((p) => expandGlob(p, cwd)).map((file) => readLitmusFile(resolve(cwd, file), file));
}

/** The JSON form of a report: one object per test, as `--json` prints it. */
export function reportJson(report: ModelReport) {
  return {
    test: report.test,
    condition: report.condition.reachable,
    validated: report.condition.validated,
    outcomes: report.outcomes.map((o) => ({
      outcome: o.key,
      js: o.js ? 'allowed' : 'forbidden',
      sc: o.sc ? 'allowed' : 'forbidden',
      tso: o.tso ? 'allowed' : 'forbidden',
      condition: o.satisfies,
      ...(o.explanation && { explanation: o.explanation }),
    })),
  };
}

const word = (allowed: boolean) => (allowed ? pc.green('allowed') : pc.red('forbidden'));

/** A test's report as text: the condition's verdicts, the outcome table, the explanations. */
export function renderModelReport(test: LitmusTest, report: ModelReport): string {
  const lines = [`${pc.bold(test.name)}${test.description ? `  ${test.description}` : ''}`];
  const verdicts = MODELS.map((m) => `${m} ${word(report.condition.reachable[m] === 'allowed')}`).join(', ');
  lines.push(`condition (${report.condition.quantifier}): its outcome is ${verdicts}`);
  const rows = report.outcomes.map((o) => [
    o.key,
    ...MODELS.map((m) => (o[m] ? pc.green('yes') : pc.dim('no'))),
    o.satisfies ? '← the condition' : '',
  ]);
  lines.push(renderTable(['outcome', 'js', 'sc', 'tso', ''], rows));
  const forbidden = report.outcomes.filter((o) => !o.js && o.explanation);
  if (forbidden.length > 0) {
    lines.push('', 'Why the ECMAScript memory model forbids:');
    for (const o of forbidden) lines.push(`  ${pc.bold(o.key)}: ${o.explanation}`);
  }
  return lines.join('\n');
}

export function modelCommand(): Command {
  return new Command('model')
    .description('Ask the memory models about litmus tests: allowed outcomes and the condition under js, sc and tso, and why js forbids what it forbids')
    .argument('<files...>', 'litmus files (globs like tests/*.litmus work)')
    .option('--json', 'print a JSON array, one object per test')
    .option('--svg <dir>', 'also draw one execution per outcome as SVG files in this folder')
    .option('--max-outcomes <n>', `stop a test whose ECMAScript outcomes pass this many (default ${MAX_OUTCOMES.toLocaleString('en-US')})`)
    .action((files: string[], options) => {
      const maxOutcomes = options.maxOutcomes === undefined ? MAX_OUTCOMES : positiveInteger('--max-outcomes', options.maxOutcomes, MAX_OUTCOMES);
      const tests = readLitmusFiles(files);
      const reports = tests.map((test) => checkWithProgress(test, { executions: Boolean(options.svg), maxOutcomes }, '--max-outcomes'));
      if (options.svg) {
        const written = tests.flatMap((test, t) => writeSvgs(options.svg, test, reports[t]!));
        process.stderr.write(`Wrote ${written.length} SVG files to ${options.svg}\n`);
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(reports.map(reportJson), null, 2)}\n`
          : `${tests.map((test, t) => renderModelReport(test, reports[t]!)).join('\n\n')}\n`,
      );
    });
}

/** One SVG per outcome that has an execution: `<test>-<n>.svg`, n in the report's outcome order. */
function writeSvgs(dir: string, test: LitmusTest, report: ModelReport): string[] {
  const base = basename(test.name).replace(/[^\w+.-]/g, '_');
  return report.outcomes.flatMap((o, n) => {
    if (!o.execution) return [];
    const file = join(dir, `${base}-${n + 1}.svg`);
    writeFileAtomic(file, executionSvg(o.execution, { title: `${test.name}: ${o.key}`, allowed: o.js }));
    return [file];
  });
}
