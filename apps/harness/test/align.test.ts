/**
 * ctx.align() on real workers on every runtime: no actor ever passes a
 * rendezvous before the other has arrived. (How much more often store
 * buffering's instances overlap with it is in the litmus package's tests and
 * benchmark; that rate depends on the machine's load, this does not.)
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQuietly } from '../../../test-support/racelab-cli.js';

const suite = fileURLToPath(new URL('fixtures/align-suite.js', import.meta.url));

describe.each(['node', 'deno', 'bun', 'chromium', 'firefox'])('ctx.align() on %s', (runtime) => {
  it('keeps two actors in step at every one of 2,000 rendezvous per trial', () => {
    const { status, document } = runQuietly(runtime, ['--plugin', suite, '-e', 'align/*'], 120_000);
    const [result] = document.experiments;
    expect([result!.verdict, result!.histogram]).toEqual(['pass', [{ outcome: 0, count: 20, class: 'acceptable' }]]);
    expect(status).toBe(0);
  }, 120_000);
});
