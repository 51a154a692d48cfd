#!/usr/bin/env node
/** The `racelab` command line: one command per file in commands/, each registered the same way. */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { compareCommand } from './commands/compare.js';
import { doctorCommand } from './commands/doctor.js';
import { listCommand } from './commands/list.js';
import { mergeCommand } from './commands/merge.js';
import { modelCommand } from './commands/model.js';
import { newCommand } from './commands/new.js';
import { runCommand } from './commands/run.js';
import { runtimesCommand } from './commands/runtimes.js';
import { test262Command } from './commands/test262.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './options/usage-error.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export function createProgram(): Command {
  const program = new Command('racelab')
    .description('A concurrency laboratory for JavaScript runtimes')
    .version(version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const command of [runCommand(), listCommand(), doctorCommand(), newCommand(), mergeCommand(), compareCommand(), modelCommand(), test262Command(), runtimesCommand()]) {
    program.addCommand(command.copyInheritedSettings(program));
  }
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
