/**
 * JIT tiers: `--tier interpreter` runs the lesson on every runtime, each
 * document says which tier ran, and the switches really took effect: the
 * same counting loop is several times slower in the interpreter than in the
 * runtime's default configuration, measured side by side in one run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

describe('racelab run --tier', () => {
  it('runs the lesson in the interpreter on every runtime, records the tier, and the interpreter is slower', () => {
    const json = join(scratchDir(), 'tiers.json');
    const run = spawnSync(
      process.execPath,
      [racelabCli(), 'run', '--runtime', 'all', '--tier', 'default,interpreter', '-e', 'lesson/*', '--trials', '5', '--warmup', '1', '--json', json, '--quiet'],
      { encoding: 'utf8', cwd: scratchDir(), timeout: 600_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const documents = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(documents.map((d) => `${d.runtime.id}${d.tier ? `·${d.tier}` : ''}`)).toEqual(
      ['node', 'deno', 'bun', 'chromium', 'firefox'].flatMap((r) => [r, `${r}·interpreter`]),
    );
    for (let i = 0; i < documents.length; i += 2) {
      const [byDefault, interpreted] = [documents[i]!, documents[i + 1]!];
      const id = byDefault.runtime.id;
      expect(interpreted.experiments.map((e) => [id, e.id, e.verdict])).toEqual(byDefault.experiments.map((e) => [id, e.id, 'pass']));
      // One thread counting on a plain Int32Array: 15-860× slower interpreted when measured here; 3× leaves room for a loaded machine.
      const nsPerOp = (d: typeof byDefault) => d.experiments.find((e) => e.id === 'lesson/one-thread')!.timing!.nsPerOp!.median!;
      expect([id, nsPerOp(interpreted) / nsPerOp(byDefault)]).toEqual([id, expect.toSatisfy((ratio: number) => ratio > 3)]);
    }
  }, 600_000);

  it('refuses an unknown tier with the valid ones, exit 2', () => {
    const run = spawnSync(process.execPath, [racelabCli(), 'run', '--tier', 'turbo'], { encoding: 'utf8', cwd: scratchDir() });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Invalid --tier 'turbo': unknown tier. Valid tiers: default, interpreter, baseline, optimizing, all");
  });
});
