// Build step: the catalog of litmus files (@racelab/model/catalog/*.litmus),
// decided by the memory models and written out as one experiment module,
// dist/catalog.js: the default suite's litmus/* experiments.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTest, parseLitmus } from '@racelab/model';
import { generateModule } from '../dist/generate.js';

const started = performance.now();
const folder = dirname(fileURLToPath(import.meta.resolve('@racelab/model/catalog/SB+plain.litmus')));
const files = readdirSync(folder).filter((f) => f.endsWith('.litmus')).sort();
const tests = files.map((file) => {
  const test = parseLitmus(readFileSync(join(folder, file), 'utf8'), file);
  return { test, report: checkTest(test, { executions: false }) };
});
const out = fileURLToPath(new URL('../dist/catalog.js', import.meta.url));
writeFileSync(out, generateModule(tests));
console.log(`litmus catalog: ${tests.length} tests decided and generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
