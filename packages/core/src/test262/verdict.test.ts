import { describe, expect, it } from 'vitest';
import type { Test262Test } from '../schema.js';
import { judge, test262Result } from './verdict.js';

const test = (extra: Partial<Test262Test> = {}): Test262Test => ({
  id: 'test262/x.js',
  title: 'x',
  file: 'test/x.js',
  source: '',
  includes: [],
  modes: ['non-strict', 'strict'],
  async: false,
  features: [],
  cannotBlock: false,
  timeoutMs: 1000,
  ...extra,
});

describe("test262's rules (INTERPRETING.md, Test Results)", () => {
  const negative = test({ negative: { phase: 'runtime', type: 'TypeError' } });
  it.each([
    ['a test that completes passes', test(), { kind: 'completed' }, ['pass', undefined]],
    ['an uncaught error fails, with its message', test(), { kind: 'threw', name: 'Test262Error', message: 'Test262Error: no' }, ['fail', 'Test262Error: no']],
    ['a negative test passes on exactly its error type', negative, { kind: 'threw', name: 'TypeError', message: 'TypeError: t' }, ['pass', undefined]],
    ['a negative test fails on another type', negative, { kind: 'threw', name: 'RangeError', message: 'RangeError: r' }, ['fail', 'Expected TypeError (runtime phase), but got RangeError: r']],
    ['a negative test fails if it completes', negative, { kind: 'completed' }, ['fail', 'Expected TypeError to be thrown (runtime phase), but the test completed']],
    ['a thrown non-error has no type to match', negative, { kind: 'threw', name: undefined, message: 'x (a thrown string)' }, ['fail', 'Expected TypeError (runtime phase), but got x (a thrown string)']],
    ['$DONE(error) fails', test({ async: true }), { kind: 'async-failure', message: 'Test262Error: late' }, ['fail', 'Test262Error: late']],
    ['a timeout is a timeout', test(), { kind: 'timeout', message: 'no result' }, ['timeout', 'no result']],
  ] as const)('%s', (_, t, ending, [verdict, message]) => {
    const result = judge(t, 'strict', ending, 5);
    expect([result.verdict, result.message]).toEqual([verdict, message]);
  });
});

describe('a test file as a result row', () => {
  it('takes the worst mode, lists each mode as an outcome, and says why a mode did not pass', () => {
    const result = test262Result(test(), [judge(test(), 'non-strict', { kind: 'completed' }, 3), judge(test(), 'strict', { kind: 'threw', name: 'E', message: 'E: m' }, 4)], 7, 2);
    expect(result).toMatchObject({
      verdict: 'fail',
      reason: 'strict: E: m',
      trials: 2,
      actors: 2,
      histogram: [
        { outcome: 'non-strict: pass', count: 1, class: 'acceptable' },
        { outcome: 'strict: fail', count: 1, class: 'forbidden' },
      ],
      rates: { forbidden: { count: 1, total: 2 } },
    });
  });

  it('is skipped only when every mode was, with the reason', () => {
    const skipped = judge(test(), 'non-strict', { kind: 'skipped', reason: 'no feature' }, 0);
    expect(test262Result(test(), [skipped, { ...skipped, mode: 'strict' }], 0, 1)).toMatchObject({ verdict: 'skipped', reason: 'no feature', trials: 0, histogram: [] });
  });
});
