/**
 * The CI workflow cannot run here, so it is validated against GitHub's
 * workflow schema with action-validator, and checked for the shape racelab
 * needs: one job per runtime, a merge job that publishes the summary.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeId } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';

const workflow = fileURLToPath(new URL('../../../.github/workflows/racelab.yml', import.meta.url));
// The package has no exports map: its binary is found through its package.json.
const validator = join(dirname(createRequire(import.meta.url).resolve('@action-validator/cli/package.json')), 'cli.mjs');

function validate(file: string) {
  return spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
}

describe('.github/workflows/racelab.yml', () => {
  it('is a valid GitHub Actions workflow', () => {
    const result = validate(workflow);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator rejects a broken workflow (so the check above means something)', () => {
    const broken = join(tmpdir(), `racelab-broken-${process.pid}.yml`);
    writeFileSync(broken, readFileSync(workflow, 'utf8').replace('runs-on: ubuntu-24.04', 'runz-on: ubuntu-24.04'));
    expect(validate(broken).status).not.toBe(0);
  });

  it('runs one shard per runtime and merges them into the job summary and an HTML artifact', () => {
    const text = readFileSync(workflow, 'utf8');
    expect(text).toContain(`runtime: [${runtimeId.options.join(', ')}]`);
    expect(text).toContain('run --runtime ${{ matrix.runtime }} --out shard');
    expect(text).toMatch(/merge shards[\s\S]*--markdown report\/racelab\.md --html report\/racelab\.html/);
    expect(text).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });
});
