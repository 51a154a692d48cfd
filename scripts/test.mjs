#!/usr/bin/env zx
// `pnpm test`: installs what the tests need that npm cannot (the browsers),
// builds every package (tests that start workers run built code), runs the
// whole vitest suite once, and ends with one line `N passed, N failed`.
import { mkdirSync, readFileSync } from 'node:fs';
import { $ } from 'zx';
import { ensureBrowsers } from './ensure-browsers.mjs';

$.stdio = 'inherit';
process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.DENO_NO_UPDATE_CHECK = '1';

await ensureBrowsers();
await $`turbo run build --output-logs=errors-only`;
mkdirSync('reports', { recursive: true });
const summary = 'reports/vitest.json';
const run = await $`vitest run --reporter=default --reporter=json --outputFile.json=${summary}`.nothrow();
let passed = 0;
let failed = 1;
try {
  const result = JSON.parse(readFileSync(summary, 'utf8'));
  passed = result.numPassedTests;
  // A file that failed to load has no tests: count it as one failure.
  failed = result.numFailedTests + result.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} catch {
  console.error('racelab: vitest wrote no summary');
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = run.exitCode === 0 && failed === 0 ? 0 : 1;
