/**
 * A host that breaks the event protocol: a real process (fixtures/bad-host.js)
 * started through the real spawnHost, run by the real runSuite. Each way of
 * breaking it is an error for that runtime with a clear reason, never a crash
 * of the harness, and the host is stopped.
 */
import { fileURLToPath } from 'node:url';
import { spawnHost } from '@racelab/host-process';
import { loadSuite } from '../src/plugins/suite.js';
import { createReporter } from '../src/run/reporter.js';
import { runSuite } from '../src/run/session.js';
import type { RuntimeLauncher } from '@racelab/core';
import { describe, expect, it } from 'vitest';
import { leftovers, marked } from './leftovers.js';

const badHost = fileURLToPath(new URL('fixtures/bad-host.js', import.meta.url));
const longSuite = new URL('fixtures/long-suite.js', import.meta.url).href;

function launcherPrinting(mode: string, env: NodeJS.ProcessEnv): RuntimeLauncher {
  return {
    id: 'node',
    detect: async () => ({ available: true }),
    start: async (plan) => spawnHost(process.execPath, [badHost, mode], plan, env),
  };
}

describe('a host whose event stream is broken', () => {
  it.each([
    ['garbage', /the node host sent an invalid event \(not JSON: "Segmentation fault \(core dumped\) \{oops"\)/],
    ['truncated', /the node host sent an invalid event \(not JSON: "\{\\"v\\":1,\\"type\\":\\"experiment-result\\",\\"result\\":\{\\"id\\":\\""\)/],
    ['unknown-type', /the node host sent an invalid event \(invalid 'telemetry' event/],
    ['newer', /the node host sent an invalid event \(protocol version 2 is newer than this harness understands \(1\): update racelab\)/],
    ['binary', /the node host sent an invalid event \(not JSON: /],
  ])('%s: an error for that runtime, the next runtime still runs, the host is stopped', async (mode, reason) => {
    const { marker, env } = marked();
    const entries = await loadSuite([longSuite]);
    const run = runSuite({
      runtimes: [launcherPrinting(mode, env), launcherPrinting('garbage', env)],
      entries,
      overrides: {},
      trials: 1,
      timeBudgetMs: null,
      warmup: 0,
      timeoutMs: 5_000,
      reporter: createReporter({ quiet: true }),
    });
    await expect(run).resolves.toBeDefined();
    const { documents, exitCode } = await run;
    expect(exitCode).toBe(3);
    expect(documents).toHaveLength(2);
    const [document] = documents;
    expect(document!.incomplete).toMatch(reason);
    expect(document!.runtime.version).toBe(process.versions.node); // its hello was read
    expect(document!.experiments.map((e) => [e.id, e.verdict, e.reason])).toEqual(
      ['long/first', 'long/slow', 'long/last'].map((id) => [id, 'error', document!.incomplete]),
    );
    expect(await leftovers(marker)).toEqual([]);
  });
});
