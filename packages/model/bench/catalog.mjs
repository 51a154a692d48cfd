#!/usr/bin/env node
// Times the models over the litmus catalog: median of several runs.
//
//   npx tsc -b packages/model && node packages/model/bench/catalog.mjs [runs]
//
// Prints the time to check the whole catalog under all three models
// (checkTest: js, sc, tso and the explanation search; execution graphs are
// built lazily and not drawn here), the same per model, and the largest
// 4-thread tests: the catalog's biggest and synthetic ones of 10 accesses.
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

const accesses = (t) => t.threads.reduce((n, th) => n + th.instructions.length, 0);
const biggest4 = catalog.filter((t) => t.threads.length === 4).sort((a, b) => accesses(b) - accesses(a))[0];

function median(fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

const fmt = ({ median: m, min }) => `${m.toFixed(0).padStart(6)} ms median  (min ${min.toFixed(0)} ms)`;
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
