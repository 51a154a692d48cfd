import { describe, expect, it } from 'vitest';
import { ALIGN_DELAYS, AlignTuner } from './align-tuner.js';

/** Runs `trials` trials against an overlap that depends on the delay only through `overlapAt`, with noise. */
function tune(overlapAt: (delay: number) => number, trials: number, seed = 7): { tuner: AlignTuner; uses: number[] } {
  const tuner = new AlignTuner(seed);
  const uses = new Array<number>(ALIGN_DELAYS.length).fill(0);
  let noise = seed;
  for (let t = 0; t < trials; t++) {
    const index = tuner.choose();
    uses[index]!++;
    noise = (noise * 1103515245 + 12345) >>> 0;
    tuner.record(index, Math.min(1, Math.max(0, overlapAt(ALIGN_DELAYS[index]!) + ((noise / 2 ** 32) - 0.5) * 0.1)));
  }
  return { tuner, uses };
}

// Overlap peaking at one delay, as measured: e.g. 50% at 32 iterations, falling off on both sides.
const peakAt = (best: number) => (delay: number) => 0.5 * Math.exp(-((Math.log2(delay + 1) - Math.log2(best + 1)) ** 2));

describe('AlignTuner', () => {
  it('tries every delay once first, in order', () => {
    const tuner = new AlignTuner();
    const first = ALIGN_DELAYS.map(() => {
      const index = tuner.choose();
      tuner.record(index, 0.1);
      return index;
    });
    expect(first).toEqual(ALIGN_DELAYS.map((_, i) => i));
  });

  it.each([0, 16, 91, 1024])('settles on the delay that overlaps most (%i) and spends most trials on it', (best) => {
    const { tuner, uses } = tune(peakAt(best), 2000);
    expect(tuner.summary()!.delay).toBe(best);
    expect(uses[ALIGN_DELAYS.indexOf(best)]! / 2000).toBeGreaterThan(0.7);
  });

  it('follows the best delay when it moves, as when the JIT speeds the wait loop up', () => {
    const tuner = new AlignTuner(3);
    let best = 8;
    for (let t = 0; t < 2000; t++) {
      if (t === 1000) best = 64;
      const index = tuner.choose();
      tuner.record(index, peakAt(best)(ALIGN_DELAYS[index]!));
    }
    expect(tuner.summary()!.delay).toBe(64);
  });

  it('has no summary before a trial was scored, and counts the tries of each delay after', () => {
    const tuner = new AlignTuner();
    expect(tuner.summary()).toBeUndefined();
    tuner.record(tuner.choose(), 0.2);
    expect(tuner.summary()).toEqual({ delay: 0, tries: { 0: 1 } });
  });

  it('repeats its choices for a seed', () => {
    const run = (seed: number) => tune(peakAt(32), 300, seed).uses;
    expect(run(5)).toEqual(run(5));
  });
});
