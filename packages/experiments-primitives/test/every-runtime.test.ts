/**
 * The stress suite on the runtimes other than node (node runs it in
 * primitives.test.ts, with the broken variants): every primitive, full-size
 * parameters (4 workers × 100,000 where it applies), through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { runQuietly } from '../../../test-support/racelab-cli.js';

describe.each(['deno', 'bun', 'chromium', 'firefox'])('primitives under contention on %s', (runtime) => {
  it('passes every stress test', () => {
    const { status, document } = runQuietly(runtime, ['-e', 'primitives/*', '--trials', '3', '--warmup', '1'], 180_000);
    expect(document.runtime.id).toBe(runtime);
    expect(document.experiments.length).toBeGreaterThanOrEqual(14);
    const failures = document.experiments.filter((e) => e.verdict !== 'pass').map((e) => [e.id, e.verdict, e.reason]);
    expect(failures).toEqual([]);
    expect(status).toBe(0);
  });
});
