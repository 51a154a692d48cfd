import { describe, expect, it } from 'vitest';
import { expectByName, outcomeNames } from './outcomes.js';

describe('outcomeNames', () => {
  it('names every tuple in code order, first register most significant', () => {
    expect(outcomeNames(['r0', 'r1'])).toEqual(['r0=0, r1=0', 'r0=0, r1=1', 'r0=1, r1=0', 'r0=1, r1=1']);
    expect(outcomeNames(['x', 'y'], [1, 2])[2]).toBe('x=2, y=1');
    expect(outcomeNames(['a', 'b', 'c', 'd'])).toHaveLength(16);
  });
});

describe('expectByName', () => {
  it('classifies listed names and leaves the rest acceptable', () => {
    const names = outcomeNames(['r0', 'r1']);
    const expectation = expectByName(names, { 'r0=0, r1=0': 'forbidden', 'r0=1, r1=1': 'interesting' }) as {
      forbidden: (c: number) => boolean;
      interesting: (c: number) => boolean;
    };
    expect([0, 1, 2, 3].map((c) => expectation.forbidden(c))).toEqual([true, false, false, false]);
    expect([0, 1, 2, 3].map((c) => expectation.interesting(c))).toEqual([false, false, false, true]);
  });
  it('rejects a name that is not an outcome, listing the valid ones', () => {
    expect(() => expectByName(['a=0', 'a=1'], { 'a=2': 'forbidden' })).toThrow("Cannot classify outcome 'a=2' as it is not one of: a=0; a=1");
  });
});
