/**
 * `pnpm bench:locks` prints the lock table and writes nothing else: no
 * reports/<timestamp>/ folder per runtime run (it used to leave five behind),
 * no temporary folder left in the system's temp dir.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const ours = () => list(tmpdir()).filter((name) => name.startsWith('racelab-locks-'));

it('bench:locks writes only the table it prints', () => {
  const reportsBefore = list(join(root, 'reports'));
  const tempBefore = ours();
  const zx = join(root, 'node_modules/.bin/zx');
  const run = spawnSync(zx, ['scripts/bench-locks.mjs', '--runtime', 'node', '--rounds', '1', '--trials', '2'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^mutex\s+\d/m);
  expect(run.stdout).toMatch(/native C \(cc -O2, pthread\)/);
  expect(list(join(root, 'reports'))).toEqual(reportsBefore);
  expect(ours()).toEqual(tempBefore);
});
