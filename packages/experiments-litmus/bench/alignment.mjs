#!/usr/bin/env node
// Aligned against unaligned sampling, side by side: store buffering with plain
// accesses on every runtime, alternating the modes round by round.
//
//   npx -y pnpm@12.4.2 build && node packages/experiments-litmus/bench/alignment.mjs [rounds] [--busy]
//
// For each runtime and mode: the median over rounds of the weak outcome's
// share of samples, samples per second, weak outcomes per second and the
// overlap (samples whose outcome needs the actors to interleave), the
// rendezvous delay the run settled on (see core's align-tuner.ts) and how many
// times fewer samples per second than unaligned. --busy
// keeps one core busy with a spinning process meanwhile. A benchmark, not a
// test: it asserts nothing. Each round is one racelab run of 2,000 trials ×
// 1,000 instances on all five runtimes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../apps/harness/dist/cli.js', import.meta.url));
const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const busy = process.argv.includes('--busy');
const RUNTIMES = ['node', 'deno', 'bun', 'chromium', 'firefox'];
const MODES = [
  { name: 'aligned (every 64)', alignEvery: 64 },
  { name: 'aligned (every 32)', alignEvery: 32 },
  { name: 'unaligned', alignEvery: 0 },
];

const spinner = busy ? spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'racelab-align-'));
const rows = new Map();
try {
  for (let round = 0; round < rounds; round++) {
    for (const mode of MODES) {
      const json = join(dir, `r${round}-${mode.alignEvery}.json`);
      const run = spawnSync(process.execPath, [cli, 'run', '--runtime', RUNTIMES.join(','), '-e', 'litmus/sb+plain', '--param', `alignEvery=${mode.alignEvery}`, '--json', json, '--quiet'], { encoding: 'utf8', cwd: dir });
      if (run.status !== 0) throw new Error(`racelab exited ${run.status}: ${run.stderr}`);
      for (const document of JSON.parse(readFileSync(json, 'utf8'))) {
        const [result] = document.experiments;
        const total = result.histogram.reduce((n, h) => n + h.count, 0);
        const weak = result.rates.interesting.count / total;
        const key = `${document.runtime.id}|${mode.name}`;
        if (!rows.has(key)) rows.set(key, []);
        rows.get(key).push({ weak, samplesPerSec: result.timing.samplesPerSec, weakPerSec: result.timing.interestingPerSec, overlap: result.rates.overlap.rate, delay: result.align?.delay ?? 0 });
      }
      process.stderr.write('.');
    }
  }
} finally {
  spinner?.kill();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x) => `${(100 * x).toFixed(2)}%`;
const m = (x) => `${(x / 1e6).toFixed(2)} M`;
console.log(`\nstore buffering (litmus/sb+plain), ${rounds} rounds, medians; ${cpus().length} × ${cpus()[0].model}${busy ? '; one core kept busy' : ''}`);
console.log('runtime   mode                weak      samples/s  weak/s     overlap   delay  cost   (weak per round)');
for (const runtime of RUNTIMES) {
  const unaligned = median((rows.get(`${runtime}|unaligned`) ?? []).map((x) => x.samplesPerSec));
  for (const mode of MODES) {
    const r = rows.get(`${runtime}|${mode.name}`) ?? [];
    if (r.length === 0) continue;
    const cost = unaligned / median(r.map((x) => x.samplesPerSec));
    console.log(
      `${runtime.padEnd(9)} ${mode.name.padEnd(19)} ${pct(median(r.map((x) => x.weak))).padEnd(9)} ${m(median(r.map((x) => x.samplesPerSec))).padEnd(10)} ${m(median(r.map((x) => x.weakPerSec))).padEnd(10)} ${pct(median(r.map((x) => x.overlap))).padEnd(9)} ${String(median(r.map((x) => x.delay))).padEnd(6)} ${`${cost.toFixed(2)}×`.padEnd(6)} (${r.map((x) => pct(x.weak)).join(', ')})`,
    );
  }
}
