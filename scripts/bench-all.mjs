#!/usr/bin/env zx
// `pnpm bench:all`: the whole suite on every runtime, one after another, with
// the results written into one timestamped folder. Exit code is racelab's.
import { mkdirSync } from 'node:fs';
import { $ } from 'zx';
import { ensureBrowsers } from './ensure-browsers.mjs';

$.stdio = 'inherit';
process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.DENO_NO_UPDATE_CHECK = '1';

await ensureBrowsers();
const started = Date.now();
const folder = `reports/${new Date().toISOString().replace(/[:.]/g, '-')}`;
mkdirSync(folder, { recursive: true });
const run = await $`node apps/harness/dist/cli.js run --runtime all --json ${folder}/results.json ${process.argv.slice(2)}`.nothrow();
console.log(`\nbench:all finished in ${((Date.now() - started) / 1000).toFixed(1)} s; results in ${folder}/`);
process.exitCode = run.exitCode ?? 3;
