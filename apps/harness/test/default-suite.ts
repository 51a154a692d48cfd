/**
 * Result documents shaped like the default suite's (what `racelab run
 * --runtime all` gives): 120 experiments in five suites, litmus tests of
 * 2,000,000 samples with 4 to 15 outcomes and a model, counters with dozens of
 * outcomes, one slow trial per timing. The size limits of the reports (lines,
 * pixels, bytes) are checked on these.
 */
import type { ResultDocument, RuntimeId, Tier } from '@racelab/core';
import { document, result } from './fixtures.js';

/** Experiments per suite, as in the default suite. */
export const SUITE_SIZES = { lesson: 8, litmus: 73, primitives: 14, locks: 18, memory: 7 } as const;

type Histogram = NonNullable<Parameters<typeof result>[0]['histogram']>;

/** A litmus test's outcomes: `0:r0=0; 1:r1=1; x=1; y=1`, the first one weak (interesting) and rare. */
function litmusOutcomes(n: number, column: number): { histogram: Histogram; model: { outcome: string; js: boolean; sc: boolean; tso: boolean }[] } {
  const names = Array.from({ length: n }, (_, i) => `0:r0=${i % 2}; 1:r1=${(i >> 1) % 2}; 2:r2=${i >> 2}; x=1; y=1`);
  const rare = 200 + 37 * column;
  const histogram: Histogram = names.map((outcome, i) => [outcome, i === 0 ? rare : Math.floor((2_000_000 - rare) / (n - 1)) + (i === 1 ? (2_000_000 - rare) % (n - 1) : 0), i === 0 ? 'interesting' : 'acceptable']);
  return { histogram, model: names.map((outcome, i) => ({ outcome, js: true, sc: i !== 0, tso: true })) };
}

/** One runtime column's document: `column` varies the figures so that the columns differ. */
export function defaultSuiteDocument(runtime: RuntimeId, column: number, tier?: Tier): ResultDocument {
  const results = Object.entries(SUITE_SIZES).flatMap(([suite, size]) =>
    Array.from({ length: size }, (_, i) => {
      const id = `${suite}/${suite === 'litmus' ? `mp+plain+atomic-flag+mixed-size-${i}` : `experiment-number-${i}`}`;
      const ns: [number, number] = [10 + ((i * 7 + column * 13) % 40), 1 + (i % 3)];
      const slowest = ns[0] * 400;
      if (suite === 'litmus' || suite === 'memory') {
        const { histogram, model } = litmusOutcomes(4 + (i % 12), column);
        return result({ id, histogram, instances: 1000, ns, slowest, ...(suite === 'litmus' && { model: { outcomes: model } }) });
      }
      if (suite === 'lesson' && i % 2 === 0) {
        const histogram: Histogram = Array.from({ length: 60 }, (_, k) => [150_000 + 811 * k, 1 + (k % 3), 'interesting']);
        return result({ id, histogram, ns, slowest, outcomeLabel: 'final value of the counter' });
      }
      return result({ id, histogram: [[200_000, 100, 'acceptable']], ns, slowest });
    }),
  );
  const d = document(runtime, results);
  return tier ? { ...d, tier } : d;
}

/** The default suite on the five runtimes. */
export const FIVE_RUNTIMES = (['node', 'deno', 'bun', 'chromium', 'firefox'] as const).map((r, i) => defaultSuiteDocument(r, i));

/** Ten runtime columns: the five runtimes, each in its default tier and held in the interpreter. */
export const TEN_COLUMNS = [...FIVE_RUNTIMES, ...(['node', 'deno', 'bun', 'chromium', 'firefox'] as const).map((r, i) => defaultSuiteDocument(r, 5 + i, 'interpreter'))];
