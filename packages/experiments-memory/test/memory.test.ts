/**
 * The memory experiments on every runtime, with a small sample budget: every
 * one passes (no forbidden outcome: no torn Atomics read, no byte out of thin
 * air, no growable buffer shrinking), each is classified by its named
 * outcomes, and the growable one is skipped, with the reason, only where the
 * runtime cannot grow a SharedArrayBuffer.
 */
import { describe, expect, it } from 'vitest';
import { runQuietly } from '../../../test-support/racelab-cli.js';
import experiments from '../src/index.js';

const RUNTIMES = ['node', 'deno', 'bun', 'chromium', 'firefox'];

describe.each(RUNTIMES)('memory experiments on %s', (runtime) => {
  it('passes every one, with no forbidden outcome', () => {
    const { status, stderr, document } = runQuietly(runtime, ['-e', 'memory/*', '--trials', '20', '--warmup', '2'], 240_000);
    expect(stderr).toBe('');
    expect(document.runtime.id).toBe(runtime);
    const results = document.experiments;
    expect(results.map((r) => r.id)).toEqual(experiments.map((e) => e.id));
    for (const result of results) {
      if (result.id.includes('growable') && !document.capabilities?.growableSharedArrayBuffer) {
        expect([result.verdict, result.reason]).toEqual(['skipped', expect.stringMatching(/growable SharedArrayBuffer .* is not available/)]);
        continue;
      }
      expect([result.id, result.verdict, result.reason]).toEqual([result.id, 'pass', undefined]);
      expect(result.rates.forbidden.count).toBe(0);
      expect(result.trials * result.instances).toBeGreaterThanOrEqual(result.id.includes('tear') ? 20 * 8192 : 20);
      const names = experiments.find((e) => e.id === result.id)!.outcomeNames as readonly string[];
      for (const h of result.histogram) expect(names).toContain(h.outcome);
      expect(result.measure?.value).toEqual(expect.any(Number));
    }
    expect(status).toBe(0);
  });
});
