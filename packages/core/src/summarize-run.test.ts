import { describe, expect, it } from 'vitest';
import { summarize } from './stats.js';
import { timeableTrials } from './summarize-run.js';

/** Trials of `trueMs` each, read on a clock that steps every `stepMs`, starting at random phases. */
function coarseReadings(trials: number, trueMs: number, stepMs: number, random: () => number): Float64Array {
  const readings = new Float64Array(trials);
  for (let i = 0; i < trials; i++) {
    const start = random() * stepMs;
    readings[i] = (Math.floor((start + trueMs) / stepMs) - Math.floor(start / stepMs)) * stepMs;
  }
  return readings;
}

/** A small deterministic generator, so that the test cannot pass by luck once and fail the next time. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('trials too short for the clock', () => {
  it('are timed in groups whose median is within 15% of the true time (Firefox: 20 µs steps)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      // 8 µs trials, 2,000 of them: 800 steps in all, like litmus/coww+plain on Firefox.
      const { perTrial, group } = timeableTrials(coarseReadings(2000, 0.008, 0.02, lcg(seed)));
      expect(group).toBe(250);
      expect(summarize(perTrial!).median / 0.008).toBeGreaterThan(0.85);
      expect(summarize(perTrial!).median / 0.008).toBeLessThan(1.15);
    }
  });

  it('are timed one by one when the clock resolves them', () => {
    const readings = coarseReadings(100, 0.5, 0.0001, lcg(7));
    expect(timeableTrials(readings)).toEqual({ perTrial: readings });
  });

  it('give no figure, and say why, when the whole run spans too few steps', () => {
    // 100 trials of 2 µs: 10 steps of 20 µs in all.
    expect(timeableTrials(coarseReadings(100, 0.002, 0.02, lcg(9)))).toEqual({
      withheld: expect.stringMatching(/^the trials are shorter than the clock's step and together span \d+ steps; 200 are needed \(run more trials\)$/),
    });
  });
});
