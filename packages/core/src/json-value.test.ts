import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, formatValue, fromJsonValue, toJsonValue } from './json-value.js';
import { bigintJson, experimentResult } from './schema.js';

describe('bigints in JSON', () => {
  it('encodes a bigint as { bigint } and back, and leaves every other value alone', () => {
    expect(toJsonValue(-123n)).toEqual({ bigint: '-123' });
    expect(fromJsonValue({ bigint: '-123' })).toBe(-123n);
    expect([5, 'x', true].map((v) => fromJsonValue(toJsonValue(v)))).toEqual([5, 'x', true]);
    const params = { pattern: 0xfedcba9876543210n, n: 3, name: '5n' };
    const encoded = encodeRecord(params);
    expect(JSON.parse(JSON.stringify(encoded))).toEqual({ pattern: { bigint: '18364758544493064720' }, n: 3, name: '5n' });
    expect(encodeRecord(encoded)).toEqual(encoded);
    expect(decodeRecord(JSON.parse(JSON.stringify(encoded)))).toEqual(params);
  });

  it('is shown as JavaScript writes a bigint literal', () => {
    expect([formatValue(7n), formatValue({ bigint: '-7' }), formatValue(7), formatValue('7n')]).toEqual(['7n', '-7n', '7', '7n']);
  });

  it('is one schema: strict, decimal, and accepted wherever outcomes and params are', () => {
    expect(bigintJson.safeParse({ bigint: '-42' }).success).toBe(true);
    for (const bad of [{ bigint: '4.2' }, { bigint: '0x10' }, { bigint: '' }, { bigint: '01' }, { bigint: '1', extra: 1 }, { bigint: 1 }]) {
      expect(bigintJson.safeParse(bad).success).toBe(false);
    }
    const result = {
      id: 'memory/x', title: 'x', params: { pattern: { bigint: '5' } }, actors: 2, instances: 1, trials: 1, warmup: 0,
      verdict: 'pass', histogram: [{ outcome: { bigint: '-1' }, count: 1, class: 'acceptable' }], distinct: 1, deterministic: true,
      rates: { interesting: { count: 0, total: 1, rate: 0, low: 0, high: 0.79 }, forbidden: { count: 0, total: 1, rate: 0, low: 0, high: 0.79 } },
      timing: null, elapsedMs: 1,
    };
    expect(experimentResult.parse(result).histogram[0]!.outcome).toEqual({ bigint: '-1' });
  });
});
