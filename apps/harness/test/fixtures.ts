/**
 * Small result documents for the pure tests of the comparison and the
 * reports. Built as plain JSON and passed through the schema, like a document
 * read from disk.
 */
import type { ResultDocument, RuntimeId } from '@racelab/core';
import { resultDocument } from '@racelab/core/schema';
import { wilson } from '@racelab/core';

export interface ResultSpec {
  id: string;
  verdict?: 'pass' | 'fail' | 'error' | 'timeout' | 'skipped';
  /** outcome → [count, class] */
  histogram?: [number | string, number, 'acceptable' | 'interesting' | 'forbidden'][];
  /** ns/op median, and the half-width of the interquartile range */
  ns?: [median: number, halfIqr: number] | null;
  /** ns/op of the slowest trial (default: median + 5 half-widths) */
  slowest?: number;
  /** What the outcome is, as the experiment says */
  outcomeLabel?: string;
  /** Test instances per trial (a batched test counts samples: trials × instances) */
  instances?: number;
  /** What the memory models say of each outcome (a litmus test) */
  model?: { outcomes: { outcome: string; js: boolean; sc: boolean; tso: boolean }[]; source?: string };
}

export function result(spec: ResultSpec) {
  const histogram = (spec.histogram ?? [[100, 50, 'acceptable']]).map(([outcome, count, cls]) => ({ outcome, count, class: cls }));
  const instances = spec.instances ?? 1;
  const samples = histogram.reduce((n, h) => n + h.count, 0);
  const trials = Math.ceil(samples / instances);
  const count = (cls: string) => histogram.filter((h) => h.class === cls).reduce((n, h) => n + h.count, 0);
  const ns = spec.ns === undefined ? [10, 1] : spec.ns;
  const summary = ns && {
    median: ns[0], p25: ns[0] - ns[1], p75: ns[0] + ns[1], min: ns[0] - 3 * ns[1], max: spec.slowest ?? ns[0] + 5 * ns[1],
    mean: ns[0], rme: 1, samples: trials,
  };
  return {
    id: spec.id,
    title: `Title of ${spec.id}`,
    description: `What ${spec.id} shows.`,
    ...(spec.outcomeLabel && { outcomeLabel: spec.outcomeLabel }),
    ...(spec.model && { model: spec.model }),
    params: { increments: 100 },
    actors: 2,
    instances,
    trials,
    warmup: 0,
    verdict: spec.verdict ?? (count('forbidden') > 0 ? 'fail' : 'pass'),
    ...(spec.verdict && spec.verdict !== 'pass' && spec.verdict !== 'fail' ? { reason: `it ${spec.verdict}` } : {}),
    histogram,
    distinct: histogram.length,
    deterministic: histogram.length === 1,
    rates: { interesting: wilson(count('interesting'), samples), forbidden: wilson(count('forbidden'), samples) },
    timing: summary ? { trialMs: summary, nsPerOp: summary, opsPerSec: 1e9 / ns![0], samplesPerSec: 1000 } : null,
    elapsedMs: 100,
  };
}

export function document(runtime: RuntimeId, results: ReturnType<typeof result>[], version = '1.0.0'): ResultDocument {
  // Through JSON, as from disk: NaN statistics become null.
  return resultDocument.parse(JSON.parse(JSON.stringify({
    schemaVersion: 1,
    tool: { name: 'racelab', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    machine: { os: 'Linux 6', arch: 'x64', cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8 },
    runtime: { id: runtime, version, engine: 'V8' },
    capabilities: {
      sharedArrayBuffer: true, crossOriginIsolated: null, atomicsWaitOnMainThread: true, atomicsWaitAsync: true,
      atomicsPause: false, cores: 2, clockResolutionNs: 1,
    },
    experiments: results,
  })));
}

/** The threads lesson in miniature: a racy counter that loses updates on node, a locked one that never does. */
export function lesson(runtime: RuntimeId, options: { racy: boolean; nsLocked?: number }) {
  return document(runtime, [
    result({
      id: 'lesson/two-threads-racy',
      histogram: options.racy
        ? [...Array.from({ length: 10 }, (_, i): [number, number, 'interesting'] => [150 + 5 * i, 3, 'interesting']), [200, 20, 'acceptable']]
        : [[200, 50, 'acceptable']],
      ns: [5, 0.5],
    }),
    result({ id: 'lesson/two-threads-locked', histogram: [[200, 50, 'acceptable']], ns: [options.nsLocked ?? 20, 1] }),
  ]);
}
