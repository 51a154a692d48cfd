import { describe, expect, it } from 'vitest';
import { classifyOutcome, defineExperiment, experimentsOf, resolveParams } from './experiment.js';
import { i32, u64 } from './cells.js';

const racy = defineExperiment({
  id: 'test/racy',
  title: 'racy',
  params: { increments: 100, label: 'x', fast: false },
  memory: { count: i32() },
  actors: [() => {}],
  outcome: ({ memory }) => memory.count[0]!,
  expect: { forbidden: (n, p) => n > 2 * p.increments, interesting: (n, p) => n < 2 * p.increments },
});

describe('resolveParams', () => {
  it('overrides defaults and coerces strings to the default type', () => {
    expect(resolveParams(racy, { increments: '1_000', fast: 'true', label: 'y' })).toEqual({
      increments: 1000,
      label: 'y',
      fast: true,
    });
  });
  it('names the valid params when one is unknown', () => {
    expect(() => resolveParams(racy, { incrments: '5' })).toThrow(
      "Cannot set param 'incrments' of test/racy as it has no such param: valid params are increments, label, fast",
    );
  });
  it('rejects a value of the wrong type', () => {
    expect(() => resolveParams(racy, { increments: 'many' })).toThrow(/must be a finite number: received "many"/);
    expect(() => resolveParams(racy, { increments: '1.5' })).toThrow(/must be an integer/);
    expect(() => resolveParams(racy, { fast: 'yes' })).toThrow(/must be true or false/);
  });
});

describe('bigint params', () => {
  const wide = defineExperiment({
    id: 'test/wide',
    title: 'wide',
    params: { pattern: 0x0123456789abcdefn, n: 1 },
    memory: { cell: u64() },
    actors: [() => {}],
    outcome: ({ memory }) => memory.cell[0]!,
    expect: { exactly: (p) => p.pattern },
  });
  it('reads --param x=5n, x=5, hex and underscores for a param whose default is a bigint', () => {
    expect(['5n', '5', '-5n', '0xffn', '1_000n', 7n].map((raw) => resolveParams(wide, { pattern: raw }).pattern)).toEqual([5n, 5n, -5n, 255n, 1000n, 7n]);
  });
  it('refuses what is not a bigint, and a bigint for a number param', () => {
    expect(() => resolveParams(wide, { pattern: '1.5n' })).toThrow(`Cannot set param 'pattern' of test/wide as it must be a bigint such as 5n: received "1.5n"`);
    expect(() => resolveParams(wide, { n: 5n })).toThrow(`Cannot set param 'n' of test/wide as it must be a finite number: received 5n`);
  });
  it('classifies a bigint outcome exactly', () => {
    const p = resolveParams(wide);
    expect(classifyOutcome(wide, 0x0123456789abcdefn, p)).toBe('acceptable');
    expect(classifyOutcome(wide, 0n, p)).toBe('forbidden');
  });
});

describe('classifyOutcome', () => {
  const p = resolveParams(racy);
  it('tries forbidden, then interesting, then falls back to acceptable', () => {
    expect(classifyOutcome(racy, 201, p)).toBe('forbidden');
    expect(classifyOutcome(racy, 150, p)).toBe('interesting');
    expect(classifyOutcome(racy, 200, p)).toBe('acceptable');
  });
  it('with an exact value, forbids everything else', () => {
    const exact = { ...racy, expect: { exactly: (q: { increments: number }) => 2 * q.increments } };
    expect(classifyOutcome(exact, 200, p)).toBe('acceptable');
    expect(classifyOutcome(exact, 199, p)).toBe('forbidden');
  });
  it('uses otherwise for outcomes no predicate matches', () => {
    const strict = { ...racy, expect: { acceptable: (n: number) => n === 1, otherwise: 'forbidden' as const } };
    expect(classifyOutcome(strict, 1, p)).toBe('acceptable');
    expect(classifyOutcome(strict, 2, p)).toBe('forbidden');
  });
});

describe('experimentsOf', () => {
  it('finds default, named and array exports once each', () => {
    const other = { ...racy, id: 'test/other' };
    expect(experimentsOf({ default: [racy, other], racy, nothing: 3 }).map((e) => e.id)).toEqual([
      'test/racy',
      'test/other',
    ]);
  });
});
