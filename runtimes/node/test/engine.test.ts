/**
 * The engine on real worker_threads: exact counts, the lesson's outcomes,
 * a broken lock that must be caught, time budgets and every fault.
 */
import { describe, expect, it } from 'vitest';
import { type ExperimentResult, type HostEventBody, type PlanEntry, runHost } from '@racelab/core';
import { createNodeAdapter } from '@racelab/runtime-node';

const fixtures = new URL('./fixtures/engine-fixtures.js', import.meta.url).href;
const lesson = import.meta.resolve('@racelab/experiments-lesson');

function entry(id: string, overrides: Partial<PlanEntry> = {}): PlanEntry {
  return {
    module: id.startsWith('lesson/') ? lesson : fixtures,
    id,
    params: {},
    trials: 20,
    timeBudgetMs: null,
    warmup: 2,
    timeoutMs: 20_000,
    ...overrides,
  };
}

async function run(entries: PlanEntry[]): Promise<{ events: HostEventBody[]; results: ExperimentResult[] }> {
  const events: HostEventBody[] = [];
  await runHost(createNodeAdapter(), { v: 1, experiments: entries }, (e) => events.push(e));
  const results = events.flatMap((e) => (e.type === 'experiment-result' ? [e.result] : []));
  return { events, results };
}

describe('engine on node workers', () => {
  it('keeps exact counts with four workers under the mutex (4 × 100,000)', async () => {
    const { results } = await run([entry('engine/mutex-four-workers', { trials: 3, warmup: 1 })]);
    expect(results[0]).toMatchObject({ verdict: 'pass', trials: 3, deterministic: true, histogram: [{ outcome: 400_000, count: 3 }] });
  });

  it('reports the lost updates of a counter claimed to be exact as a failure', async () => {
    // 40 trials of 1,000,000 increments each (a few ms, longer than a time slice): on a
    // loaded machine a shorter trial's two workers sometimes did not overlap at all.
    const { results } = await run([entry('engine/broken-lock', { trials: 40, params: { increments: 1_000_000 } })]);
    expect(results[0]!.verdict).toBe('fail');
    expect(results[0]!.reason).toMatch(/^(forbidden outcome \d+ seen \d+ times in 40 samples|\d+ of 40 samples forbidden, in \d+ distinct outcomes; most frequent \d+ \(\d+ times\))$/);
  });

  it('runs the lesson with its expected outcomes', async () => {
    const ids = [
      'lesson/one-worker-joined',
      'lesson/observer-reads-under-lock',
      'lesson/two-threads-racy',
      'lesson/two-threads-locked',
      'lesson/two-threads-atomic',
    ];
    const { events, results } = await run(ids.map((id) => entry(id, { params: { increments: 20_000 }, trials: 30 })));
    expect(events[0]).toMatchObject({ type: 'hello', runtime: { id: 'node' }, capabilities: { sharedArrayBuffer: true } });
    expect(events.at(-1)).toEqual({ type: 'done' });
    const [joined, underLock, racy, locked, atomic] = results;
    expect(joined).toMatchObject({ verdict: 'pass', histogram: [{ outcome: 20_000, count: 30 }] });
    expect(underLock!.verdict).toBe('pass');
    for (const h of underLock!.histogram) expect(Number(h.outcome) % 10).toBe(0);
    expect(racy!.verdict).toBe('pass');
    expect(racy!.histogram.every((h) => Number(h.outcome) <= 40_000)).toBe(true);
    for (const exact of [locked!, atomic!]) {
      expect(exact).toMatchObject({ verdict: 'pass', deterministic: true, histogram: [{ outcome: 40_000, count: 30 }] });
      expect(exact.timing!.nsPerOp!.median).toBeGreaterThan(0);
    }
  });

  it('runs for a time budget and reports progress on the way', async () => {
    const { events, results } = await run([entry('engine/empty', { trials: null, timeBudgetMs: 700 })]);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(results[0]!.verdict).toBe('pass');
    expect(results[0]!.trials).toBeGreaterThan(10);
    expect(results[0]!.elapsedMs).toBeGreaterThanOrEqual(700);
  });

  it('turns every fault into a verdict with its reason, and runs the next experiment', async () => {
    const { results } = await run([
      entry('fault/throws'),
      entry('engine/fine'),
      entry('fault/never-returns', { timeoutMs: 500 }),
      entry('engine/fine'),
      entry('fault/waits-forever', { timeoutMs: 500 }),
      entry('fault/outcome-throws'),
      entry('fault/unserialisable-outcome'),
      entry('fault/worker-exits'),
      entry('fault/no-such-experiment'),
      entry('engine/fine'),
    ]);
    const byIndex = results.map((r) => [r.id, r.verdict, r.reason ?? '']);
    expect(byIndex[0]).toEqual(['fault/throws', 'error', expect.stringMatching(/^actor 1 threw: RangeError: boom at trial 3\n\s+at /)]);
    expect(byIndex[1]).toEqual(['engine/fine', 'pass', '']);
    expect(byIndex[2]).toEqual(['fault/never-returns', 'timeout', 'no result within 500 ms: workers terminated']);
    expect(byIndex[3]).toEqual(['engine/fine', 'pass', '']);
    expect(byIndex[4]).toEqual(['fault/waits-forever', 'timeout', 'no result within 500 ms: workers terminated']);
    expect(byIndex[5]).toEqual(['fault/outcome-throws', 'error', expect.stringMatching(/^the outcome function threw: Error: cannot read the outcome/)]);
    expect(byIndex[6]).toEqual(['fault/unserialisable-outcome', 'error', expect.stringMatching(/must be a finite number, a string or a boolean: received Object/)]);
    expect(byIndex[7]).toEqual(['fault/worker-exits', 'error', expect.stringMatching(/the worker of actor 1 exited \(code 7\)/)]);
    expect(byIndex[8]).toEqual(['fault/no-such-experiment', 'error', expect.stringMatching(/Cannot find experiment 'fault\/no-such-experiment'/)]);
    expect(byIndex[9]).toEqual(['engine/fine', 'pass', '']);
  });
});
