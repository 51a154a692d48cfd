/**
 * The built `racelab` CLI, as the tests of every package run it: the file the
 * harness package names as its `racelab` bin, the way an installed racelab is
 * started. (Tests build first: `pnpm test` runs the build.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResultDocument, resultDocument } from '@racelab/core/schema';

const HARNESS = fileURLToPath(new URL('../apps/harness/', import.meta.url));

/** The path of the CLI entry; throws, saying how to build it, if it is not built. */
export function racelabCli(): string {
  const { bin } = JSON.parse(readFileSync(join(HARNESS, 'package.json'), 'utf8')) as { bin: { racelab: string } };
  const cli = join(HARNESS, bin.racelab);
  if (!existsSync(cli)) throw new Error(`racelab is not built (${cli} is missing): run npx -y pnpm@12.4.2 build`);
  return cli;
}

/**
 * A fresh folder for the CLI to run in: a run writes reports/<timestamp>/ into
 * its working directory unless told otherwise, which must not be the repo.
 */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'racelab-test-cwd-'));
}

/**
 * `racelab run --runtime <runtime> --json <file> --quiet …args` through the
 * built CLI in a scratch folder, with the one result document it wrote.
 */
export function runQuietly(runtime: string, args: readonly string[], timeoutMs: number): { status: number | null; stderr: string; document: ResultDocument } {
  const json = join(scratchDir(), 'results.json');
  const run = spawnSync(process.execPath, [racelabCli(), 'run', '--runtime', runtime, ...args, '--json', json, '--quiet'], {
    encoding: 'utf8',
    timeout: timeoutMs,
    cwd: scratchDir(),
  });
  if (!existsSync(json)) throw new Error(`racelab wrote no result document (exit ${run.status}): ${run.stderr}`);
  const [document] = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
  return { status: run.status, stderr: run.stderr, document: document! };
}
