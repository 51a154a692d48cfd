#!/usr/bin/env node
// Times the models over the litmus catalog: median CPU and wall time of several runs.
//
//   npx tsc -b packages/model && node packages/model/bench/catalog.mjs [runs]
//
// Prints the time to check the whole catalog under all three models
// (checkTest: js, sc, tso and the explanation search; execution graphs are
// built lazily and not drawn here), the same per model, and the largest
// 4-thread tests: the catalog's biggest, synthetic ones of 10 accesses, and
// the slowest ones found (per model too).
// A benchmark, not a test: it asserts nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { checkTest, parseLitmus, scOutcomes, searchJs, tsoOutcomes } from '../dist/index.js';

const runs = Number(process.argv[2] ?? 7);
const catalogDir = new URL('../catalog/', import.meta.url);
const catalog = readdirSync(catalogDir)
  .filter((f) => f.endsWith('.litmus'))
  .sort()
  .map((f) => parseLitmus(readFileSync(new URL(f, catalogDir), 'utf8'), f));

// Ten accesses over four threads, chosen to have many outcomes: every
// thread touches x, so almost every interleaving differs.
const synthetic = [
  `JS Stress+plain
"Ten plain accesses to one location from four threads"
{ x = 0; y = 0; }
 P0     | P1     | P2     | P3     ;
 x = 1  | x = 3  | r0 = x | r1 = x ;
 r0 = x | r0 = x | x = 4  | r2 = x ;
 x = 2  |        |        | y = 5  ;
exists (3:r1=4 /\\ 3:r2=1)`,
  `JS Stress+atomics
"The same with Atomics"
{ x = 0; y = 0; }
 P0                   | P1                   | P2                   | P3                   ;
 Atomics.store(x, 1)  | Atomics.store(x, 3)  | r0 = Atomics.load(x) | r1 = Atomics.load(x) ;
 r0 = Atomics.load(x) | r0 = Atomics.load(x) | Atomics.store(x, 4)  | r2 = Atomics.load(x) ;
 Atomics.store(x, 2)  |                      |                      | Atomics.store(y, 5)  ;
exists (3:r1=4 /\\ 3:r2=1)`,
  `JS Stress+rmw
"RMWs, plain and atomic accesses, a data dependency"
{ x = 0; y = 0; }
 P0                     | P1                     | P2                  | P3                          ;
 r0 = Atomics.add(x, 1) | r0 = Atomics.add(x, 2) | r0 = x              | r1 = Atomics.exchange(x, 7) ;
 r1 = y                 | y = r0                 | Atomics.store(y, 4) | r2 = x                      ;
 x = 2                  |                        |                     | y = 5                       ;
exists (3:r1=4 /\\ 3:r2=1)`,
  `JS Stress+IRIW+two-writes
"IRIW with two more writes"
{ x = 0; y = 0; }
 P0     | P1     | P2     | P3     ;
 x = 1  | y = 1  | r0 = x | r0 = y ;
 y = 2  | x = 2  | r1 = y | r1 = x ;
        |        | r2 = x | r2 = y ;
exists (2:r0=1 /\\ 2:r1=0)`,
].map((text) => parseLitmus(text));

// The slowest 4-thread tests of at most 10 accesses found so far (random and
// hand-made ones, timed by checkTest): every execution of ten RMWs on one
// location is a different order, so each model has 25,200 outcomes; a
// mixed-size test of 10 accesses whose plain and Atomics accesses of x and
// its halves race (random test r56); and a small one where almost every
// candidate has thin-air values (r28: a million candidates before those
// branches were cut). Timed over fewer runs. Not timed: mixed-size tests
// whose RMWs on x and its halves all race (four threads, 7 to 10 Atomics
// accesses) take minutes of CPU in the ECMAScript search.
const worst = [
  `JS Worst+ten-adds
"Ten Atomics.add on one location over four threads: 25,200 outcomes"
{ x = 0; }
 P0                       | P1                       | P2                      | P3                       ;
 r0 = Atomics.add(x, 1)   | r0 = Atomics.add(x, 2)   | r0 = Atomics.add(x, 4)  | r0 = Atomics.add(x, 8)   ;
 r1 = Atomics.add(x, 16)  | r1 = Atomics.add(x, 32)  | r1 = Atomics.add(x, 64) | r1 = Atomics.add(x, 512) ;
 r2 = Atomics.add(x, 128) | r2 = Atomics.add(x, 256) |                         |                          ;
exists (0:r0=0)`,
  `JS Worst+mixed-size
"Stores, loads and compareExchange on x and its halves, plain and Atomics (random test r56)"
{ int32 x = 0; int16 xh[2] @ x; }
 P0                                        | P1                       | P2                      | P3         ;
 Atomics.store(xh[1], 1)                   | r0 = Atomics.load(xh[0]) | Atomics.store(xh[1], 3) | r0 = xh[1] ;
 r0 = Atomics.compareExchange(xh[1], 1, 2) | r1 = xh[1]               | r0 = x                  | x = 2      ;
 r1 = Atomics.compareExchange(xh[1], 2, 1) | Atomics.store(x, r1 + 3) |                         |            ;
exists (0:r0=2)`,
  `JS Worst+thin-air
"Plain reads of x and of its upper half racing a plain store, compareExchange and or (random test r28)"
{ int32 x = 0; int16 xh[2] @ x; int32 y = 0; }
 P0     | P1                                        | P2                    | P3         ;
 x = 1  | r0 = Atomics.compareExchange(xh[1], 0, 3) | r0 = Atomics.or(x, 1) | r0 = xh[1] ;
 r0 = x | r1 = x                                    | r1 = y                | r1 = xh[1] ;
exists (0:r0=2 /\\ 1:r1=4)`,
  `JS Worst+rmw-cycles
"Atomics of three sizes on x whose values can wait on each other in cycles (random test r135; stopped after 20 s before phase B kept visited states)"
{ int32 x = 0; int16 xh[2] @ x; uint8 xb[4] @ x; }
 P0                                        | P1                      | P2                             | P3                                        ;
 r0 = Atomics.compareExchange(xh[1], 0, 3) | Atomics.store(xh[0], 2) | r0 = Atomics.load(xb[3])       | r0 = Atomics.compareExchange(xb[3], 2, 3) ;
                                           | x = 2                   | r1 = Atomics.or(xh[1], r0 + 3) | Atomics.store(x, 1)                       ;
                                           | x = 2                   | r2 = Atomics.xor(x, 2)         | xb[0] = 2                                 ;
exists (0:r0=1)`,
  `JS Worst+many-outcomes
"Atomics on x and its halves, nothing synchronizing across sizes: 25,272 allowed outcomes (random test r419)"
{ int32 x = 0; int16 xh[2] @ x; }
 P0                       | P1                              | P2                                    | P3                         ;
 r0 = Atomics.load(xh[0]) | r0 = Atomics.exchange(xh[1], 1) | r0 = Atomics.load(x)                  | r0 = Atomics.sub(xh[0], 3) ;
                          | r1 = Atomics.load(xh[0])        | r1 = Atomics.load(xh[0])              | Atomics.store(xh[0], 2)    ;
                          |                                 | r2 = Atomics.compareExchange(x, 1, 2) |                            ;
exists (3:r0=2)`,
].map((text) => parseLitmus(text));
const worstRuns = Math.min(runs, 3);

const accesses = (t) => t.threads.reduce((n, th) => n + th.instructions.length, 0);
const biggest4 = catalog.filter((t) => t.threads.length === 4).sort((a, b) => accesses(b) - accesses(a))[0];

function median(fn, n = runs) {
  const cpu = [];
  const wall = [];
  for (let i = 0; i < n; i++) {
    // CPU time (user + system, all of the process's threads, V8's parallel
    // garbage collector included, so it can exceed wall time) is what
    // neighbours on a shared machine disturb least; wall time is what a user waits.
    const start = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const { user, system } = process.cpuUsage(start);
    cpu.push((user + system) / 1000);
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { median: mid(cpu), min: Math.min(...cpu), wall: mid(wall) };
}

const fmt = ({ median: m, min, wall }) => `${m.toFixed(0).padStart(6)} ms CPU median  (min ${min.toFixed(0)} ms; wall median ${wall.toFixed(0)} ms)`;
console.log(`@racelab/model benchmark: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${runs} runs each`);
console.log(`catalog: ${catalog.length} tests`);
console.log(`  all three models (checkTest)   ${fmt(median(() => catalog.forEach((t) => checkTest(t))))}`);
console.log(`  js only (searchJs)             ${fmt(median(() => catalog.forEach((t) => searchJs(t))))}`);
console.log(`  sc only                        ${fmt(median(() => catalog.forEach((t) => scOutcomes(t))))}`);
console.log(`  tso only                       ${fmt(median(() => catalog.forEach((t) => tsoOutcomes(t))))}`);
for (const t of [biggest4, ...synthetic].filter(Boolean)) {
  const r = checkTest(t);
  const counts = ['js', 'sc', 'tso'].map((m) => `${m} ${r.outcomes.filter((o) => o[m]).length}`).join(', ');
  console.log(`${t.name} (${t.threads.length} threads, ${accesses(t)} accesses; outcomes ${counts})`);
  console.log(`  checkTest                      ${fmt(median(() => checkTest(t)))}`);
}
for (const t of worst) {
  const r = checkTest(t);
  const counts = ['js', 'sc', 'tso'].map((m) => `${m} ${r.outcomes.filter((o) => o[m]).length}`).join(', ');
  console.log(`${t.name} (${t.threads.length} threads, ${accesses(t)} accesses; outcomes ${counts}; ${worstRuns} runs)`);
  console.log(`  checkTest                      ${fmt(median(() => checkTest(t), worstRuns))}`);
  console.log(`  js only (searchJs)             ${fmt(median(() => searchJs(t), worstRuns))}`);
  console.log(`  sc only                        ${fmt(median(() => scOutcomes(t), worstRuns))}`);
  console.log(`  tso only                       ${fmt(median(() => tsoOutcomes(t), worstRuns))}`);
}
