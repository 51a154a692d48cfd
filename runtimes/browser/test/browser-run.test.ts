/**
 * Real headless Chromium and Firefox: the whole lesson through the racelab
 * CLI, a session's own experiments and faults, and a browser killed mid-run.
 * A missing browser fails these tests (with the install command); it never
 * skips them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ExperimentResult, HostEvent, HostSession, Plan, PlanEntry, ResultDocument, RuntimeLauncher } from '@racelab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLauncher, firefoxLauncher } from '@racelab/runtime-browser';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const CLI = racelabCli();
const FIXTURES = new URL('./fixtures/browser-fixtures.js', import.meta.url).href;
const NODE_ONLY = new URL('./fixtures/node-only.js', import.meta.url).href;

const LESSON = [
  'lesson/one-thread',
  'lesson/one-worker-joined',
  'lesson/observer-reads-while-counting',
  'lesson/observer-reads-under-lock',
  'lesson/one-thread-twice',
  'lesson/two-threads-racy',
  'lesson/two-threads-locked',
  'lesson/two-threads-atomic',
];

function entry(module: string, id: string, overrides: Partial<PlanEntry> = {}): PlanEntry {
  return { module, id, params: {}, trials: 10, timeBudgetMs: null, warmup: 1, timeoutMs: 20_000, ...overrides };
}

async function collect(session: HostSession): Promise<HostEvent[]> {
  const events: HostEvent[] = [];
  for await (const line of session.lines) events.push(JSON.parse(line) as HostEvent);
  return events;
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'racelab-browser-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe.each([
  { launcher: chromiumLauncher, engine: /^V8 \d+\./ },
  { launcher: firefoxLauncher, engine: /^SpiderMonkey \d+\./ },
] satisfies { launcher: RuntimeLauncher; engine: RegExp }[])('$launcher.id', ({ launcher, engine }) => {
  it('is installed', async () => {
    // Fails loudly, with the install command, rather than skipping every test below.
    expect(await launcher.detect()).toEqual({ available: true });
  });

  it('passes every lesson experiment through the racelab CLI, cross-origin isolated', async () => {
    const json = join(scratch, `${launcher.id}.json`);
    const args = [CLI, 'run', '--runtime', launcher.id, '--experiment', 'lesson/*', '--param', 'increments=10000', '--trials', '20', '--json', json, '--quiet'];
    await promisify(execFile)(process.execPath, args, { timeout: 90_000, cwd: scratch });
    const [document] = JSON.parse(await readFile(json, 'utf8')) as ResultDocument[];
    expect(document!.incomplete).toBeUndefined();
    expect(document!.runtime.id).toBe(launcher.id);
    expect(document!.runtime.engine).toMatch(engine);
    expect(document!.capabilities).toMatchObject({
      sharedArrayBuffer: true,
      crossOriginIsolated: true,
      // The page's main thread may not block: the engine never asks it to.
      atomicsWaitOnMainThread: false,
    });
    expect(document!.capabilities!.clockResolutionNs).toBeGreaterThan(0);
    expect(document!.experiments.map((e) => [e.id, e.verdict, e.trials])).toEqual(
      LESSON.map((id) => [id, 'pass', 20]),
    );
  }, 90_000);

  it('runs a bundled plugin and reports one that cannot bundle as an error', async () => {
    const plan: Plan = {
      v: 1,
      experiments: [entry(NODE_ONLY, 'browser/node-only'), entry(FIXTURES, 'browser/mutex-three-workers')],
    };
    const session = await launcher.start(plan);
    const events = await collect(session);
    const end = await session.ended;
    expect(end.code).toBe(0);
    expect(events[0]).toMatchObject({ type: 'hello', runtime: { id: launcher.id } });
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    const results = events.flatMap((e) => (e.type === 'experiment-result' ? [e.result] : []));
    expect(results[0]).toMatchObject({ id: 'browser/node-only', verdict: 'error' } satisfies Partial<ExperimentResult>);
    expect(results[0]!.reason).toMatch(/bundling it failed.*node:fs/s);
    expect(results[1]).toMatchObject({
      id: 'browser/mutex-three-workers',
      verdict: 'pass',
      deterministic: true,
      histogram: [{ outcome: 60_000, count: 10, class: 'acceptable' }],
    });
    expect(isAlive(session.pid)).toBe(false);
  }, 60_000);

  it('ends its lines when the browser dies mid-run', async () => {
    const plan: Plan = {
      v: 1,
      experiments: [entry(FIXTURES, 'browser/forever', { trials: null, timeBudgetMs: 60_000, timeoutMs: 70_000 })],
    };
    const session = await launcher.start(plan);
    const seen: string[] = [];
    for await (const line of session.lines) {
      const event = JSON.parse(line) as HostEvent;
      seen.push(event.type);
      if (event.type === 'experiment-start') process.kill(session.pid!, 'SIGKILL');
    }
    const end = await session.ended;
    expect(seen).not.toContain('done');
    expect(seen).not.toContain('experiment-result');
    expect(end.code).toBeNull();
    expect(end.stderr).toMatch(/disconnected|closed|crashed/);
    await session.stop();
  }, 60_000);
});
