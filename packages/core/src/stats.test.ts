import { describe, expect, it } from 'vitest';
import { quantile, studentT975, summarize, wilson } from './stats.js';

describe('quantile', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10], 0.75)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('gives median, quartiles, extremes and the relative margin of error', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ median: 3, p25: 2, p75: 4, min: 1, max: 5, mean: 3, samples: 5 });
    // sd = 1.5811, sem = 0.7071, t(4) = 2.776 → rme = 2.776 × 0.7071 / 3 = 65.43%
    expect(s.rme).toBeCloseTo(65.43, 1);
  });
  it('has no margin of error for one sample', () => {
    expect(summarize([7]).rme).toBe(0);
  });
});

describe('studentT975', () => {
  it('matches the table and tends to 1.96', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(30)).toBe(2.042);
    expect(studentT975(60)).toBeCloseTo(2.0003, 3);
    expect(studentT975(1e6)).toBeCloseTo(1.96, 3);
  });
});

describe('wilson', () => {
  it('bounds a zero count near the rule of three', () => {
    const r = wilson(0, 1000);
    expect(r.rate).toBe(0);
    expect(r.low).toBe(0);
    expect(r.high).toBeGreaterThan(0.003);
    expect(r.high).toBeLessThan(3 / 1000 + 0.001);
  });
  it('contains the observed proportion', () => {
    const r = wilson(45, 100);
    expect(r.low).toBeCloseTo(0.3561, 3);
    expect(r.high).toBeCloseTo(0.5476, 3);
  });
});
