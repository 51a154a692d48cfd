/** `racelab run`: the selected experiments on the selected runtimes, reported and written to disk. */
import { Command, Option } from 'commander';
import { DEFAULT_MIN_EFFECT } from '../comparison/runtime-comparison.js';
import { writeOutputs } from '../documents/outputs.js';
import { FROM_CLI, type Origin, type RunSettingName, readSetting } from '../options/run-settings.js';
import { UsageError } from '../options/usage-error.js';
import { type LoadedConfig, loadConfig } from '../plugins/config.js';
import { selectSuite } from '../plugins/suite.js';
import { renderTerminalReport } from '../reports/terminal.js';
import { whileInterruptible } from '../run/interrupt.js';
import { DEFAULT_MAX_MEMORY_BYTES, DEFAULT_TIMEOUT_MS, resolveOverrides } from '../run/plan.js';
import { createReporter } from '../run/reporter.js';
import { runSuite } from '../run/session.js';
import { versionListeners } from '../versions/progress.js';
import { RUNTIME_HELP, collect } from './options.js';

/** The budgets exclude each other: a budget on the command line replaces the config's. */
const BUDGETS = ['trials', 'samples', 'time'] as const satisfies readonly RunSettingName[];

/** `reports/<timestamp>/`, the folder `run` writes to unless told otherwise. */
export function defaultOutDir(now = new Date()): string {
  return `reports/${now.toISOString().replace(/[:.]/g, '-')}`;
}

function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`Invalid --param '${pair}': use key=value, e.g. --param increments=1000`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/**
 * The run's settings: each from the command line if given there, else from
 * the config file, read and checked by the same code either way.
 */
function runSettings(cli: Record<string, unknown>, config: LoadedConfig | undefined) {
  const fromConfig: Origin | undefined = config && { kind: 'config', file: config.file };
  const budgetOnCommandLine = BUDGETS.some((name) => cli[name] !== undefined);
  const configBudgets = BUDGETS.filter((name) => config?.run[name] !== undefined);
  if (!budgetOnCommandLine && configBudgets.length > 1) {
    throw new UsageError(`Invalid run in ${config!.file}: ${configBudgets.map((b) => `run.${b}`).join(' and ')} exclude each other: keep one`);
  }
  const setting = (name: RunSettingName): number | null => {
    if (cli[name] !== undefined) return readSetting(name, cli[name], FROM_CLI);
    const value = config?.run[name];
    if (value === undefined || (budgetOnCommandLine && (BUDGETS as readonly string[]).includes(name))) return null;
    return readSetting(name, value, fromConfig!);
  };
  return {
    trials: setting('trials'),
    samples: setting('samples'),
    timeBudgetMs: setting('time'),
    warmup: setting('warmup'),
    spinMs: setting('spin'),
    timeoutMs: setting('timeout') ?? DEFAULT_TIMEOUT_MS,
    timeoutGiven: setting('timeout') !== null,
    trialDeadlineMs: setting('trialDeadline'),
    maxTimeMs: setting('maxTime'),
    maxMemoryBytes: setting('maxMemory') ?? DEFAULT_MAX_MEMORY_BYTES,
    minEffect: setting('minEffect') ?? DEFAULT_MIN_EFFECT,
  };
}

export function runCommand(): Command {
  return new Command('run')
    .description('Run experiments on one or more runtimes and print the results')
    .option('-r, --runtime <ids>', RUNTIME_HELP, collect)
    .option('--tier <tiers>', 'JIT tiers to run each runtime in, comma-separated or repeated: default, interpreter, baseline, optimizing or all (default: default)', collect)
    .option('-e, --experiment <id-or-glob>', "experiments to run, e.g. 'lesson/*' (repeatable; default all)", collect)
    .option('--plugin <file>', 'also load the experiments of this TypeScript or JavaScript file, and run only those unless -e says otherwise (repeatable)', collect)
    .option('--config <file>', 'read plugins and run defaults from this file (default: racelab.config.{ts,json} in the current folder)')
    .addOption(new Option('-n, --trials <n>', 'counted trials per experiment').conflicts('time'))
    .addOption(new Option('-s, --samples <n>', 'counted samples per experiment (trials × instances; for batched litmus tests)').conflicts(['trials', 'time']))
    .option('-t, --time <duration>', 'run each experiment for this long instead of a number of trials, e.g. 2s')
    .option('-w, --warmup <n>', 'warm-up trials before counting')
    .option('--spin <duration>', 'how long a waiting worker spins before it sleeps, e.g. 0, 5us, 250ms (default: 250ms when actors <= cores, else 5us)')
    .option('-p, --param <key=value>', 'override an experiment parameter (repeatable)', collect)
    .option('--timeout <duration>', `give up on an experiment after this long (default ${DEFAULT_TIMEOUT_MS / 1000}s)`)
    .option('--trial-deadline <duration>', "count a trial still running after this long as the outcome 'hung', replace its workers and go on (default: the experiment's own, if any)")
    .option('--max-time <duration>', 'stop the whole run after this long; what did not finish is a timeout')
    .option('--max-memory <size>', `the most shared memory one experiment may take, and each Node worker's heap (default ${DEFAULT_MAX_MEMORY_BYTES / 2 ** 20}MiB)`)
    .option('--json <file>', 'write the result documents (a JSON array, one per runtime), updated after every experiment')
    .option('-o, --out <dir>', 'folder for one result document per runtime, updated after every experiment (default reports/<timestamp>/)')
    .option('--markdown <file>', 'also write the comparison as Markdown (e.g. for a GitHub job summary)')
    .option('--html <file>', 'also write the comparison as one self-contained HTML page with charts')
    .option('--details', 'print a block of figures per experiment and every difference, instead of one line per experiment')
    .option('--min-effect <ratio>', `the smallest ns/op ratio to the fastest runtime that is a difference that matters, if its 95% interval also excludes 1 (default ${DEFAULT_MIN_EFFECT})`)
    .option('-q, --quiet', 'print no progress and no table; rely on the exit code and --json')
    .action(async (cli) => {
      const config = await loadConfig(process.cwd(), cli.config);
      const fromConfig: Origin | undefined = config && { kind: 'config', file: config.file };
      const { minEffect, ...settings } = runSettings(cli, config);
      const list = (name: 'runtime' | 'experiment' | 'tier'): [string[], Origin] | undefined => {
        if (cli[name] !== undefined) return [cli[name], FROM_CLI];
        const value = config?.run[name];
        return value === undefined ? undefined : [Array.isArray(value) ? value : [value], fromConfig!];
      };
      // The launchers load every runtime's driver (puppeteer, esbuild, ...): imported only when a run needs them.
      const { launchersFor, resolveLaunchers, tiersFor } = await import('../launchers.js');
      const [runtimeValues, runtimeOrigin] = list('runtime') ?? [['node'], FROM_CLI];
      // Checked before anything is downloaded; versions (node@22) are resolved once the suite is known to be valid.
      const plainRuntimes = runtimeValues.some((v) => v.includes('@')) ? undefined : launchersFor(runtimeValues, runtimeOrigin);
      const tiers = tiersFor(...(list('tier') ?? [[], FROM_CLI]));
      const entries = await selectSuite([...(config?.plugins ?? []), ...(cli.plugin ?? [])], list('experiment')?.[0] ?? []);
      const runtimes = plainRuntimes ?? (await resolveLaunchers(runtimeValues, runtimeOrigin, versionListeners(Boolean(cli.quiet))));
      const configParams = Object.fromEntries(Object.entries(config?.run.params ?? {}).map(([k, v]) => [k, String(v)]));
      resolveOverrides(entries, configParams, fromConfig);
      const outDir: string = cli.out ?? defaultOutDir();
      const { documents, exitCode } = await whileInterruptible((signal) =>
        runSuite({
          ...settings,
          signal,
          runtimes,
          tiers,
          entries,
          // Command-line params win over the config's.
          overrides: { ...configParams, ...parseParams(cli.param ?? []) },
          jsonPath: cli.json,
          outDir,
          reporter: createReporter({ quiet: Boolean(cli.quiet) }),
        }),
      );
      if (!cli.quiet) process.stdout.write(`\n${renderTerminalReport(documents, { pluginOf: entries.pluginOf, details: Boolean(cli.details), minEffect })}`);
      if (cli.json && !cli.quiet) process.stderr.write(`Result documents written to ${cli.json}\n`);
      const reports = writeOutputs(documents, { markdown: cli.markdown, html: cli.html }, { minEffect });
      if (!cli.quiet) process.stderr.write(`Results in ${[`${outDir}/`, ...reports].join(', ')}\n`);
      process.exitCode = exitCode;
    });
}
