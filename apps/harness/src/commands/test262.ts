/**
 * `racelab test262 <checkout> [tests…]`: test262's multi-agent tests (and any
 * other test that runs the same way) on every runtime, through the same hosts,
 * documents and reports as `racelab run`.
 */
import { Command } from 'commander';
import type { Plan, ResultDocument } from '@racelab/core';
import { writeOutputs } from '../documents/outputs.js';
import { FROM_CLI, readSetting } from '../options/run-settings.js';
import { positiveInteger } from '../options/positive-integer.js';
import { renderTerminalReport } from '../reports/terminal.js';
import { whileInterruptible } from '../run/interrupt.js';
import { DEFAULT_MAX_MEMORY_BYTES } from '../run/plan.js';
import { createReporter } from '../run/reporter.js';
import { runPlan } from '../run/session.js';
import { type Expectations, markKnownFailure, readExpectations } from '../test262/expectations.js';
import { selectTest262 } from '../test262/tests.js';
import { versionListeners } from '../versions/progress.js';
import { defaultOutDir } from './run.js';
import { RUNTIME_HELP, collect } from './options.js';

/**
 * The longest an agent test takes when it passes is about 12 s (a wait on
 * `$262.agent.timeouts.huge`, 10 s, that is never notified, with the yields
 * around it); a failing or hung one would otherwise hold its lane forever.
 */
const DEFAULT_TEST_TIMEOUT_MS = 30_000;
/**
 * Tests at once on each runtime. They sleep far more than they compute (the
 * helpers' yields are 100 ms sleeps, and timeouts of 200 ms to 10 s), so
 * running several at once costs little CPU; see the README for what was measured.
 */
const DEFAULT_CONCURRENCY = 4;

export function test262Command(): Command {
  return new Command('test262')
    .description("Run test262's multi-agent Atomics tests (or any other tests) from a test262 checkout on every runtime")
    .argument('<checkout>', 'the root of a clone of https://github.com/tc39/test262')
    .argument('[tests...]', 'folders, files or globs under the checkout (default: the folders of test/built-ins/Atomics whose tests use $262.agent)')
    .option('-r, --runtime <ids>', RUNTIME_HELP, collect)
    .option('--timeout <duration>', `give up on a test (each mode) after this long; it becomes a timeout (default ${DEFAULT_TEST_TIMEOUT_MS / 1000}s)`)
    .option('--concurrency <n>', `tests run at once on a runtime (default ${DEFAULT_CONCURRENCY})`)
    .option('--expectations <file>', 'JSON of known failures per runtime: { "firefox": ["built-ins/Atomics/waitAsync/**"] }; they do not fail the run')
    .option('--max-time <duration>', 'stop the whole run after this long; what did not finish is a timeout')
    .option('--json <file>', 'write the result documents (a JSON array, one per runtime), updated after every test')
    .option('-o, --out <dir>', 'folder for one result document per runtime (default reports/<timestamp>/)')
    .option('--markdown <file>', 'also write the grid as Markdown')
    .option('--html <file>', 'also write the grid as one self-contained HTML page')
    .option('--details', 'print a block per test and runtime, instead of one line per test')
    .option('-q, --quiet', 'print no progress and no table; rely on the exit code and --json')
    .action(async (checkout: string, patterns: string[], cli) => {
      const timeoutMs = cli.timeout === undefined ? DEFAULT_TEST_TIMEOUT_MS : readSetting('timeout', cli.timeout, FROM_CLI);
      const maxTimeMs = cli.maxTime === undefined ? null : readSetting('maxTime', cli.maxTime, FROM_CLI);
      const concurrency = cli.concurrency === undefined ? DEFAULT_CONCURRENCY : positiveInteger('--concurrency', cli.concurrency, 4);
      const expectations = cli.expectations === undefined ? undefined : readExpectations(cli.expectations);
      const { tests, harness } = selectTest262(checkout, patterns, timeoutMs);
      const { resolveLaunchers } = await import('../launchers.js');
      const runtimes = await resolveLaunchers(cli.runtime ?? ['node'], FROM_CLI, versionListeners(Boolean(cli.quiet)));
      const unused = expectations?.unused(tests.map((t) => t.id)) ?? [];
      if (unused.length > 0) process.stderr.write(`racelab: ${expectations!.file} names tests not selected here: ${unused.join(', ')}\n`);

      const plan: Plan = { v: 1, experiments: [], test262: { harness, concurrency, tests }, workerHeapMiB: DEFAULT_MAX_MEMORY_BYTES / 2 ** 20 };
      const settings = { warmup: null, spinMs: null, timeoutMs, maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES, workerHeapMiB: plan.workerHeapMiB! };
      const outDir: string = cli.out ?? defaultOutDir();
      const { documents, exitCode } = await whileInterruptible((signal) =>
        runPlan(plan, [], settings, {
          runtimes,
          signal,
          maxTimeMs,
          jsonPath: cli.json,
          outDir,
          reporter: createReporter({ quiet: Boolean(cli.quiet) }),
          annotate: (result, runtime) => markKnownFailure(expectations, result, runtime),
        }),
      );
      if (!cli.quiet) {
        process.stdout.write(`\n${renderTerminalReport(documents, { details: Boolean(cli.details) })}`);
        process.stdout.write(summary(documents, expectations));
      }
      const reports = writeOutputs(documents, { markdown: cli.markdown, html: cli.html });
      if (!cli.quiet) process.stderr.write(`Results in ${[`${outDir}/`, ...reports].join(', ')}\n`);
      // Known failures do not count (exitCodeOf reads result.test262.knownFailure).
      process.exitCode = exitCode;
    });
}

/** Counts per runtime, and the known failures that now pass (to take off the list). */
function summary(documents: readonly ResultDocument[], expectations: Expectations | undefined): string {
  const lines = documents.map((d) => {
    const count = (verdict: string) => d.experiments.filter((e) => e.verdict === verdict).length;
    const known = d.experiments.filter((e) => e.verdict !== 'pass' && e.test262?.knownFailure).length;
    return `${d.runtime.id} ${d.runtime.version}: ${count('pass')} passed, ${count('fail')} failed, ${count('timeout')} timed out, ${count('error')} errors, ${count('skipped')} skipped${known ? ` (${known} known failures)` : ''}`;
  });
  const nowPassing = documents.flatMap((d) => d.experiments.filter((e) => e.verdict === 'pass' && e.test262?.knownFailure).map((e) => `${d.runtime.id}: ${e.id}`));
  if (nowPassing.length > 0) lines.push(`Known failures that now pass (remove them from ${expectations!.file}): ${nowPassing.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
