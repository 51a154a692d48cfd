#!/usr/bin/env node
// Generated litmus tests against the same tests written by hand, on every
// runtime: store buffering (plain and Atomics) and message passing (plain),
// unaligned (`alignEvery=0`, as the hand-written tests were). Each round runs
// the generated tests, then the hand-written ones, in two racelab runs, the
// order swapped every round: within one run the later experiments ran up to
// 1.7× faster than the same code earlier (the engine's own code warming up),
// and each experiment first runs 200 warm-up trials for the same reason.
//
//   npx -y pnpm@12.4.2 build && node packages/experiments-litmus/bench/generated.mjs [rounds]
//
// Prints per runtime and test the median samples/s of each kind and the ratio
// generated ÷ hand-written. A benchmark, not a test: it asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../apps/harness/dist/cli.js', import.meta.url));
const handwritten = fileURLToPath(new URL('./handwritten.js', import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const RUNTIMES = ['node', 'deno', 'bun', 'chromium', 'firefox'];
const TESTS = ['sb+plain', 'sb+atomics', 'mp+plain'];
const dir = mkdtempSync(join(tmpdir(), 'racelab-generated-'));
const rates = new Map();
for (let round = 0; round < rounds; round++) {
  const kinds = round % 2 === 0 ? ['litmus', 'handwritten'] : ['handwritten', 'litmus'];
  for (const kind of kinds) {
    const json = join(dir, `r${round}-${kind}.json`);
    const ids = TESTS.flatMap((t) => ['-e', `${kind}/${t}`]);
    const args = [cli, 'run', '--runtime', RUNTIMES.join(','), '--plugin', handwritten, ...ids, '--param', 'alignEvery=0', '--warmup', '200', '--json', json, '--quiet'];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: dir });
    if (run.status !== 0) throw new Error(`racelab exited ${run.status}: ${run.stderr}`);
    for (const document of JSON.parse(readFileSync(json, 'utf8'))) {
      for (const result of document.experiments) {
        const key = `${document.runtime.id}|${result.id}`;
        if (!rates.has(key)) rates.set(key, []);
        rates.get(key).push(result.timing.samplesPerSec);
      }
    }
  }
  process.stderr.write('.');
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\ngenerated against hand-written litmus tests, unaligned, ${rounds} rounds, median samples/s; ${cpus().length} × ${cpus()[0].model}`);
console.log('runtime   test         generated  hand-written  generated ÷ hand-written');
for (const runtime of RUNTIMES) {
  for (const test of TESTS) {
    const g = median(rates.get(`${runtime}|litmus/${test}`) ?? [NaN]);
    const h = median(rates.get(`${runtime}|handwritten/${test}`) ?? [NaN]);
    console.log(`${runtime.padEnd(9)} ${test.padEnd(12)} ${`${(g / 1e6).toFixed(1)} M`.padEnd(10)} ${`${(h / 1e6).toFixed(1)} M`.padEnd(13)} ${(g / h).toFixed(2)}`);
  }
}
