/**
 * Every litmus test on every runtime, with a small sample budget: each is
 * classified, the Atomics variants never show their weak outcome, and the
 * weak outcomes that occur are reported as interesting, not as failures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const RUNTIMES = ['node', 'deno', 'bun', 'chromium', 'firefox'];

describe.each(RUNTIMES)('litmus tests on %s', (runtime) => {
  it('classifies every test, and no Atomics variant shows a forbidden outcome', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'racelab-litmus-')), 'litmus.json');
    const run = spawnSync(
      process.execPath,
      [cli, 'run', '--runtime', runtime, '-e', 'litmus/*', '--trials', '20', '--warmup', '3', '--json', json, '--quiet'],
      { encoding: 'utf8', timeout: 240_000, cwd: scratchDir() },
    );
    expect(run.stderr).toBe('');
    const [document] = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(document!.runtime.id).toBe(runtime);
    const results = document!.experiments;
    expect(results).toHaveLength(17);
    for (const result of results) {
      expect([result.id, result.verdict, result.reason]).toEqual([result.id, 'pass', undefined]);
      expect(result.trials * result.instances).toBeGreaterThanOrEqual(result.id.includes('termination') ? 20 : 20_000);
      // Every outcome is one of the test's named outcomes, so classification covered it.
      for (const h of result.histogram) expect(String(h.outcome)).toMatch(/^(\w+=\d+(, )?)+$|^(seen|stale)$/);
    }
    expect(run.status).toBe(0);
  });
});
