/**
 * The stress suite on the runtimes other than node (node runs it in
 * primitives.test.ts, with the broken variants): every primitive, full-size
 * parameters (4 workers × 100,000 where it applies), through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();

describe.each(['deno', 'bun', 'chromium', 'firefox'])('primitives under contention on %s', (runtime) => {
  it('passes every stress test', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'racelab-primitives-')), 'results.json');
    const run = spawnSync(
      process.execPath,
      [cli, 'run', '--runtime', runtime, '-e', 'primitives/*', '--trials', '3', '--warmup', '1', '--json', json, '--quiet'],
      { encoding: 'utf8', timeout: 180_000, cwd: scratchDir() },
    );
    const [document] = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(document!.runtime.id).toBe(runtime);
    expect(document!.experiments.length).toBeGreaterThanOrEqual(14);
    const failures = document!.experiments.filter((e) => e.verdict !== 'pass').map((e) => [e.id, e.verdict, e.reason]);
    expect(failures).toEqual([]);
    expect(run.status).toBe(0);
  });
});
