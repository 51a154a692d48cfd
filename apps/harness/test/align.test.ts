/**
 * ctx.align() on real workers on every runtime: an actor passes a rendezvous
 * before the other has arrived only when the other was kept from running (on
 * a quiet machine: never). (How much more often store
 * buffering's instances overlap with it is in the litmus package's tests and
 * benchmark; that rate depends on the machine's load, this does not.)
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQuietly } from '../../../test-support/racelab-cli.js';

const suite = fileURLToPath(new URL('fixtures/align-suite.js', import.meta.url));

describe.each(['node', 'deno', 'bun', 'chromium', 'firefox'])('ctx.align() on %s', (runtime) => {
  it('keeps two actors in step at 2,000 rendezvous per trial', () => {
    const { status, document } = runQuietly(runtime, ['--plugin', suite, '-e', 'align/*'], 120_000);
    const [result] = document.experiments;
    expect(result!.verdict).toBe('pass');
    expect(status).toBe(0);
    // 20 trials of 2,000 rendezvous: at most 5% passed early, each one a
    // rendezvous that gave up on an actor the OS had descheduled (0–130 in
    // all on a quiet machine; without alignment 30–90% of them, 12,000+).
    const early = result!.histogram.reduce((n, h) => n + Number(h.outcome) * h.count, 0);
    expect(result!.trials).toBe(20);
    expect(early).toBeLessThanOrEqual(2000);
  }, 120_000);
});
