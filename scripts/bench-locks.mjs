#!/usr/bin/env zx
// `pnpm bench:locks`: the lock benchmarks (locks/*) on every available
// runtime, with the native C reference (pthread mutex, atomic fetch-add,
// plain increment) run between every two JS runs. Prints, per runtime, ns per
// increment for each primitive with 1 and 2 workers, how many times faster it
// is than npm multithreading's Mutex (same run), and how many times native's
// time it takes (paired with the native runs just before and after it).
//
//   pnpm bench:locks [--runtime all|node,deno,bun,chromium,firefox] [--rounds 2] [--trials 30]
//
// Contended figures swing with the host: compare ratios within one run only.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { $, argv, which } from 'zx';

process.env.DENO_NO_UPDATE_CHECK = '1';
const ALL = ['node', 'deno', 'bun', 'chromium', 'firefox'];
const asked = String(argv.runtime ?? 'all');
// A runtime that cannot start (e.g. no browser installed) prints "no result" and the rest still run.
const runtimes = asked === 'all' ? ALL : asked.split(',');
const rounds = Number(argv.rounds ?? 2);
const trials = Number(argv.trials ?? 30);
const nativeIncrements = 100_000;

// Everything this script writes (the compiled native reference, each run's
// documents) goes here and is removed at the end: it prints the table, nothing else.
const work = mkdtempSync(join(tmpdir(), 'racelab-locks-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const native = await compileNative();
const load = [loadavg()[0].toFixed(2)];

/** Compiles native/locks.c with the system C compiler; null (and a note) when there is none. */
async function compileNative() {
  const cc = (await which('cc', { nothrow: true })) ?? (await which('gcc', { nothrow: true }));
  if (!cc) {
    console.log('note: no C compiler (cc) found: the native reference is skipped');
    return null;
  }
  const binary = join(work, 'locks');
  await $`${cc} -O2 -pthread -o ${binary} packages/experiments-locks/native/locks.c`;
  return binary;
}

/** One native run of every kind on 1 and 2 threads: { 'mutex-1w': ns, ... } (medians). */
async function runNative() {
  if (!native) return null;
  const figures = {};
  for (const kind of ['mutex', 'atomic-add', 'racy']) {
    for (const threads of [1, 2]) {
      const { stdout } = await $`${native} ${kind} ${threads} ${nativeIncrements} ${trials} 5`.quiet();
      figures[`${kind}-${threads}w`] = median(JSON.parse(stdout).nsPerOp);
    }
  }
  return figures;
}

/** One racelab run of locks/* on one runtime: { id: {median, p25, p75} }, plus the runtime's version. */
async function runJs(runtime) {
  const out = join(work, `${runtime}-${Date.now()}`);
  const file = join(out, 'results.json');
  // --out as well as --json: without it racelab would keep a copy in reports/<timestamp>/.
  const run = await $`node apps/harness/dist/cli.js run --runtime ${runtime} -e ${'locks/*'} -n ${trials} -q --out ${out} --json ${file}`.quiet().nothrow();
  if (!existsSync(file)) return { error: `racelab exited ${run.exitCode}: ${run.stderr.trim().split('\n').at(-1)}` };
  const [doc] = JSON.parse(readFileSync(file, 'utf8'));
  const figures = {};
  for (const e of doc.experiments) {
    if (e.timing?.nsPerOp) figures[e.id.replace('locks/', '')] = e.timing.nsPerOp;
  }
  return { figures, version: `${doc.runtime.id} ${doc.runtime.version}`, machine: doc.machine };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Interleave: native, rt1, native, rt2, native, ... so that every JS run has a
// native run on each side, taken under nearly the same host conditions.
const runs = Object.fromEntries(runtimes.map((r) => [r, []]));
let before = await runNative();
for (let round = 0; round < rounds; round++) {
  for (const runtime of runtimes) {
    console.error(`round ${round + 1}/${rounds}: ${runtime}`);
    const js = await runJs(runtime);
    const after = await runNative();
    runs[runtime].push({ js, native: before && after ? average(before, after) : null });
    before = after;
  }
}
load.push(loadavg()[0].toFixed(2));

function average(a, b) {
  return Object.fromEntries(Object.keys(a).map((k) => [k, (a[k] + b[k]) / 2]));
}

/** Which native figure a primitive is held against. */
function nativeKey(name, workers) {
  if (name === 'atomic-add') return `atomic-add-${workers}w`;
  if (name === 'racy-increment') return `racy-${workers}w`;
  return `mutex-${workers}w`;
}

const PRIMITIVES = ['mutex', 'mutex-no-spin', 'mutex-same-line', 'spin-lock', 'semaphore', 'write-lock', 'multithreading-mutex', 'atomic-add', 'racy-increment'];
const fmt = (x, digits = 1) => (x === undefined || x === null || !Number.isFinite(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(digits));
const pad = (s, n) => String(s).padStart(n);

let machine;
for (const runtime of runtimes) {
  const ok = runs[runtime].filter((r) => r.js.figures);
  if (ok.length === 0) {
    console.log(`\n${runtime}: no result (${runs[runtime][0]?.js.error ?? 'not run'})`);
    continue;
  }
  machine ??= ok[0].js.machine;
  console.log(`\n${ok[0].js.version} — ns per increment, median over ${ok.length} run(s) of ${trials} trials; ratios per run (same run / interleaved native), then median`);
  console.log(['primitive'.padEnd(22), pad('1w ns', 8), pad('±IQR/2', 7), pad('2w ns', 8), pad('±IQR/2', 7), pad('×mt 1w', 8), pad('×mt 2w', 8), pad('×native 1w', 11), pad('×native 2w', 11)].join(' '));
  for (const name of PRIMITIVES) {
    const cells = [name.padEnd(22)];
    const ns = {};
    const spread = {};
    const vsMt = {};
    const vsNative = {};
    for (const w of [1, 2]) {
      const id = `${name}-${w}w`;
      const per = ok.map((r) => r.js.figures[id]).filter(Boolean);
      ns[w] = median(per.map((f) => f.median));
      spread[w] = median(per.map((f) => (f.p75 - f.p25) / 2 / f.median));
      vsMt[w] = median(ok.map((r) => r.js.figures[`multithreading-mutex-${w}w`]?.median / r.js.figures[id]?.median).filter(Number.isFinite));
      vsNative[w] = median(ok.filter((r) => r.native).map((r) => r.js.figures[id]?.median / r.native[nativeKey(name, w)]).filter(Number.isFinite));
    }
    cells.push(pad(fmt(ns[1], 2), 8), pad(`${fmt(spread[1] * 100, 0)}%`, 7), pad(fmt(ns[2], 2), 8), pad(`${fmt(spread[2] * 100, 0)}%`, 7));
    cells.push(pad(`${fmt(vsMt[1])}×`, 8), pad(`${fmt(vsMt[2])}×`, 8), pad(`${fmt(vsNative[1], 2)}×`, 11), pad(`${fmt(vsNative[2], 2)}×`, 11));
    console.log(cells.join(' '));
  }
  const atomic1 = ns1(ok, 'atomic-add-1w');
  const mutex1 = ns1(ok, 'mutex-1w');
  console.log(`target (a) uncontended mutex ≤ 2 × Atomics.add: ${fmt(mutex1, 2)} vs 2 × ${fmt(atomic1, 2)} → ${mutex1 <= 2 * atomic1 ? 'met' : 'not met'}`);
}

function ns1(ok, id) {
  return median(ok.map((r) => r.js.figures[id]?.median).filter(Number.isFinite));
}

const natives = Object.values(runs).flat().map((r) => r.native).filter(Boolean);
if (natives.length > 0) {
  console.log(`\nnative C (cc -O2, pthread), ns per increment, median of the ${natives.length} interleaved pairs:`);
  for (const key of Object.keys(natives[0])) console.log(`  ${key.padEnd(14)} ${fmt(median(natives.map((n) => n[key])), 2)}`);
} else if (!native) {
  console.log('\nnative C: skipped (no C compiler)');
}
console.log(`\nmachine: ${machine ? `${machine.os} ${machine.arch}, ${machine.cpus} cores, ${machine.cpuModel}` : `${cpus().length} cores`}; load average (1 min) ${load.join(' → ')}`);
console.log('With more busy workers than cores, figures measure the scheduler, not the lock: here 2 workers is the most that measures the lock.');
