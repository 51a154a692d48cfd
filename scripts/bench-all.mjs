#!/usr/bin/env zx
// `pnpm bench:all`: the whole suite on every runtime, one after another, with
// everything written into one timestamped folder: the terminal output, the
// result documents (one per runtime and one JSON array), Markdown and HTML.
// Exit code is racelab's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { $ } from 'zx';
import { ensureBrowsers } from './ensure-browsers.mjs';

process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.DENO_NO_UPDATE_CHECK = '1';

await ensureBrowsers();
const started = Date.now();
const folder = `reports/${new Date().toISOString().replace(/[:.]/g, '-')}`;
mkdirSync(folder, { recursive: true });
// Progress goes to stderr, live; the tables come on stdout, shown and kept.
const run = await $({ stdio: ['inherit', 'pipe', 'inherit'] })`node apps/harness/dist/cli.js run --runtime all --out ${folder} --json ${folder}/results.json --markdown ${folder}/results.md --html ${folder}/results.html ${process.argv.slice(3)}`.nothrow();
process.stdout.write(run.stdout);
writeFileSync(`${folder}/terminal.txt`, run.stdout.replace(/\x1b\[[0-9;]*m/g, ''));
// The lock table: ns/op per primitive, × multithreading and × native. Its own
// run, because native must be interleaved with each runtime's JS run for the
// ratios to mean anything on a shared machine.
const locks = await $({ stdio: ['inherit', 'pipe', 'inherit'] })`zx scripts/bench-locks.mjs --rounds 1 --trials 10`.nothrow();
process.stdout.write(locks.stdout);
writeFileSync(`${folder}/locks.txt`, locks.stdout);
console.log(`\nbench:all finished in ${((Date.now() - started) / 1000).toFixed(1)} s. Everything is in ${folder}/:`);
for (const [file, what] of [
  ['terminal.txt', 'the tables above'],
  ['locks.txt', 'the lock benchmark table (× multithreading, × native)'],
  ['<runtime>.json', 'one result document per runtime'],
  ['results.json', 'all documents in one array'],
  ['results.md', 'Markdown, e.g. for a job summary'],
  ['results.html', 'the report with charts: open it in a browser'],
]) console.log(`  ${`${folder}/${file}`.padEnd(folder.length + 18)} ${what}`);
process.exitCode = run.exitCode ?? 3;
