import { describe, expect, it } from 'vitest';
import { guardMissing } from './guard.js';

describe('guardMissing', () => {
  const memory = guardMissing({ count: new Int32Array(1), lock: 7 }, 'memory', 'the layout');

  it('reads every own name as the very same value', () => {
    memory.count[0]!++;
    expect(memory.count[0]).toBe(1);
    expect(memory.lock).toBe(7);
    expect(Object.keys(memory)).toEqual(['count', 'lock']);
    const { count, ...rest } = memory;
    expect(count).toBeInstanceOf(Int32Array);
    expect(rest).toEqual({ lock: 7 });
  });

  it('throws on a misspelled name, naming the valid ones', () => {
    expect(() => (memory as any).cuont[0]).toThrow(
      new TypeError('Cannot read memory.cuont as the layout has no such name: valid names are count, lock'),
    );
  });

  it('leaves what Object.prototype has, symbols and tool probes alone', () => {
    expect(String(memory)).toBe('[object Object]');
    expect(JSON.stringify(memory)).toBe('{"count":{"0":1},"lock":7}');
    expect((memory as any).then).toBeUndefined();
    expect('cuont' in memory).toBe(false);
    expect(memory.hasOwnProperty('count')).toBe(true);
  });
});
