#!/usr/bin/env node
/** The `racelab` command line. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from './duration.js';
import { EXIT } from './exit-codes.js';
import { renderTable } from './reports/table.js';
import { renderTerminalReport } from './reports/terminal.js';
import { writeOutputs } from './outputs.js';
import { addReportCommands, defaultOutDir } from './report-commands.js';
import { createReporter } from './reporter.js';
import { DEFAULT_MAX_MEMORY_BYTES, runSuite } from './run.js';
import { whileInterruptible } from './interrupt.js';
import { parseSize } from './size.js';
import { runtimeId } from '@racelab/core/schema';
import { BUILT_IN_PLUGINS, loadSuite, selectExperiments } from './suite.js';
import { applyRunDefaults, loadConfig, preparePlugins } from './config.js';
import { addNewCommand } from './new-experiment.js';
import { UsageError } from './usage-error.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function positiveInteger(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer.`);
    return n;
  };
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

// The launchers load every runtime's driver (puppeteer, esbuild, ...): imported only
// when a run needs them, so that merge, compare and list start at once.
const runtimeIds = runtimeId.options;

async function parseRuntimes(values: readonly string[]) {
  const { launcherFor, launchers } = await import('./runtimes/index.js');
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (ids.includes('all')) return [...launchers];
  return [...new Set(ids)].map((id) => {
    const launcher = launcherFor(id);
    if (!launcher) throw new UsageError(`Unknown runtime '${id}'. Valid runtimes: ${runtimeIds.join(', ')}, all`);
    return launcher;
  });
}

/**
 * The built-in suite plus the plugins (TypeScript or JavaScript files, each
 * prepared once for every runtime), then the experiments the patterns select.
 * With plugins and no pattern, only the plugins' experiments are selected.
 */
async function selectSuite(plugins: readonly string[], patterns: readonly string[] = []) {
  const urls = await preparePlugins(plugins);
  const suite = await loadSuite([...BUILT_IN_PLUGINS, ...urls]);
  const entries = patterns.length === 0 && urls.length > 0 ? suite.filter((e) => urls.includes(e.module)) : selectExperiments(suite, patterns);
  // The file each plugin experiment came from, as given, for the reproduction command.
  const files = new Map(suite.filter((e) => urls.includes(e.module)).map((e) => [e.definition.id, plugins[urls.indexOf(e.module)]!]));
  return Object.assign(entries, { pluginOf: (id: string) => files.get(id) });
}

/** The config file's plugins and run defaults merged under the command line's options. */
async function withConfig(options: Record<string, any>, command: Command) {
  const config = await loadConfig(process.cwd(), options.config);
  const merged = config ? applyRunDefaults(options, command, config.run) : options;
  return { ...merged, plugin: [...(config?.plugins ?? []), ...(options.plugin ?? [])] } as Record<string, any>;
}

export function createProgram(): Command {
  const program = new Command('racelab')
    .description('A concurrency laboratory for JavaScript runtimes')
    .version(process.env.npm_package_version ?? '0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('run')
    .description('Run experiments on one or more runtimes and print the results')
    .option('-r, --runtime <ids>', `runtimes, comma-separated or repeated: ${runtimeIds.join(', ')} or all`, collect)
    .option('-e, --experiment <id-or-glob>', "experiments to run, e.g. 'lesson/*' (repeatable; default all)", collect)
    .option('--plugin <file>', 'also load the experiments of this TypeScript or JavaScript file, and run only those unless -e says otherwise (repeatable)', collect)
    .option('--config <file>', 'read plugins and run defaults from this file (default: racelab.config.{ts,json} in the current folder)')
    .addOption(new Option('-n, --trials <n>', 'counted trials per experiment').argParser(positiveInteger('--trials')).conflicts('time'))
    .addOption(
      new Option('-s, --samples <n>', 'counted samples per experiment (trials × instances; for batched litmus tests)')
        .argParser(positiveInteger('--samples'))
        .conflicts(['trials', 'time']),
    )
    .option('-t, --time <duration>', 'run each experiment for this long instead of a number of trials, e.g. 2s')
    .option('-w, --warmup <n>', 'warm-up trials before counting', (v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('--warmup must be a non-negative integer.');
      return n;
    })
    .option('--spin <duration>', 'how long a waiting worker spins before it sleeps, e.g. 0, 5us, 250ms (default: 250ms when actors <= cores, else 5us)')
    .option('-p, --param <key=value>', 'override an experiment parameter (repeatable)', collect)
    .option('--timeout <duration>', 'give up on an experiment after this long', '30s')
    .option('--max-time <duration>', 'stop the whole run after this long; what did not finish is a timeout')
    .option('--max-memory <size>', `the most shared memory one experiment may take, and each Node worker's heap (default ${DEFAULT_MAX_MEMORY_BYTES / 2 ** 20}MiB)`)
    .option('--json <file>', 'write the result documents (a JSON array, one per runtime), updated after every experiment')
    .option('-o, --out <dir>', 'folder for one result document per runtime, updated after every experiment (default reports/<timestamp>/)')
    .option('--markdown <file>', 'also write the comparison as Markdown (e.g. for a GitHub job summary)')
    .option('--html <file>', 'also write the comparison as one self-contained HTML page with charts')
    .option('-q, --quiet', 'print no progress and no table; rely on the exit code and --json')
    .action(async (cliOptions, command: Command) => {
      const options = await withConfig(cliOptions, command);
      const outDir: string = options.out ?? defaultOutDir();
      const runtimes = await parseRuntimes(options.runtime ?? ['node']);
      const entries = await selectSuite(options.plugin, options.experiment ?? []);
      const { documents, exitCode } = await whileInterruptible((signal) => runSuite({
        signal,
        maxTimeMs: options.maxTime === undefined ? null : parseDuration(options.maxTime, '--max-time'),
        maxMemoryBytes: options.maxMemory === undefined ? DEFAULT_MAX_MEMORY_BYTES : parseSize(options.maxMemory, '--max-memory'),
        runtimes,
        entries,
        overrides: parseParams(options.param ?? []),
        trials: options.trials ?? null,
        samples: options.samples ?? null,
        spinMs: options.spin === undefined ? null : parseDuration(options.spin, '--spin', true),
        timeBudgetMs: options.time ? parseDuration(options.time, '--time') : null,
        warmup: options.warmup ?? null,
        timeoutMs: parseDuration(options.timeout, '--timeout'),
        jsonPath: options.json,
        outDir,
        reporter: createReporter({ quiet: Boolean(options.quiet) }),
      }));
      if (!options.quiet) process.stdout.write(`\n${renderTerminalReport(documents, entries.pluginOf)}`);
      if (options.json && !options.quiet) process.stderr.write(`Result documents written to ${options.json}\n`);
      const reports = writeOutputs(documents, { markdown: options.markdown, html: options.html });
      if (!options.quiet) process.stderr.write(`Results in ${[`${outDir}/`, ...reports].join(', ')}\n`);
      process.exitCode = exitCode;
    });

  program
    .command('list')
    .description('List the experiments, their parameters and defaults')
    .option('-e, --experiment <id-or-glob>', 'only these experiments (repeatable)', collect)
    .option('--plugin <file>', 'also list the experiments of this TypeScript or JavaScript file, and only those unless -e says otherwise (repeatable)', collect)
    .option('--config <file>', 'read plugins from this file (default: racelab.config.{ts,json} in the current folder)')
    .action(async (cliOptions, command: Command) => {
      const options = await withConfig(cliOptions, command);
      const entries = await selectSuite(options.plugin, options.experiment ?? []);
      const rows = entries.map(({ definition: d }) => [
        d.id,
        String(d.actors.length),
        Object.entries(d.params ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
        d.title,
      ]);
      process.stdout.write(`${renderTable(['experiment', 'actors', 'params', 'title'], rows)}\n`);
    });

  program
    .command('doctor')
    .description('Show what each runtime can do: versions, SharedArrayBuffer, Atomics.wait/waitAsync/pause, clock, cores')
    .option('-r, --runtime <ids>', `runtimes, comma-separated or repeated: ${runtimeIds.join(', ')} or all (default all)`, collect)
    .option('--json', 'print the capability matrix as JSON instead of a table')
    .action(async (options) => {
      const { renderDoctor, runDoctor } = await import('./doctor.js');
      const reports = await runDoctor(await parseRuntimes(options.runtime ?? ['all']));
      process.stdout.write(options.json ? `${JSON.stringify(reports, null, 2)}\n` : renderDoctor(reports));
      process.exitCode = reports.some((r) => r.status === 'failed') ? EXIT.FAULT : EXIT.OK;
    });

  addNewCommand(program);
  addReportCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; every other commander error is a usage error.
      return error.exitCode === 0 ? 0 : EXIT.USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`racelab: ${error.message}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`racelab: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.FAULT;
  }
}

process.exitCode = await main(process.argv.slice(2));
