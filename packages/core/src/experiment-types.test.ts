/**
 * The type-level tests in `type-tests/`: `tsc` must accept them, which means
 * every `@ts-expect-error` line there (a typo in a cell, a param, an outcome)
 * really is a type error, and every other line compiles.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const project = fileURLToPath(new URL('../type-tests', import.meta.url));

it('makes a typo in a cell, a param or an outcome type a type error', () => {
  const run = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
});
