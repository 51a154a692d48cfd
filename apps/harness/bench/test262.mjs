#!/usr/bin/env node
// How long `racelab test262` takes, and what it finds, at several
// concurrencies: node apps/harness/bench/test262.mjs <test262-checkout> [runtimes] [concurrencies]
// e.g. node apps/harness/bench/test262.mjs ../test262 node 1,2,4,8
// Each run is the default selection (the Atomics folders that use agents),
// one after another; wall time from spawn to exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [checkout, runtimes = 'node', levels = '1,4,8'] = process.argv.slice(2);
if (!checkout) {
  console.error('usage: node apps/harness/bench/test262.mjs <test262-checkout> [runtimes] [concurrencies]');
  process.exit(2);
}
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
console.log('concurrency  runtime   seconds  files  pass  fail  timeout  skipped  failed files');
for (const level of levels.split(',')) {
  const json = join(mkdtempSync(join(tmpdir(), 'racelab-bench-t262-')), 'r.json');
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'test262', checkout, '--runtime', runtimes, '--concurrency', level, '--json', json, '--quiet'], { encoding: 'utf8' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status === 2) throw new Error(run.stderr);
  for (const document of JSON.parse(readFileSync(json, 'utf8'))) {
    const count = (v) => document.experiments.filter((e) => e.verdict === v).length;
    const failed = document.experiments.filter((e) => e.verdict === 'fail' || e.verdict === 'timeout').map((e) => e.id.replace('test262/built-ins/Atomics/', ''));
    console.log(
      `${level.padStart(11)}  ${document.runtime.id.padEnd(8)}  ${seconds.padStart(7)}  ${String(document.experiments.length).padStart(5)}  ${String(count('pass')).padStart(4)}  ${String(count('fail')).padStart(4)}  ${String(count('timeout')).padStart(7)}  ${String(count('skipped')).padStart(7)}  ${failed.join(' ')}`,
    );
  }
}
