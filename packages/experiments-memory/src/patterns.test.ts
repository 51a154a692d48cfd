import { describe, expect, it } from 'vitest';
import { COMPLEMENT, DEFAULT_PATTERN, NEITHER, PATTERN, TORN, ZERO, bytesOf, checkPattern, classifyRead, patterns } from './patterns.js';

describe('classifyRead', () => {
  const [a, b] = patterns(DEFAULT_PATTERN);
  const read = (...halves: Uint8Array[]) => {
    const bytes = new Uint8Array(16);
    bytes.set(halves[0]!, 8);
    if (halves[1]) bytes.set(halves[1].subarray(4), 12);
    return bytes;
  };

  it('tells the two patterns, zero, a torn mix and a byte of neither apart', () => {
    expect(b).toBe(0xfedcba9876543210n);
    expect(classifyRead(read(bytesOf(a)), 8, DEFAULT_PATTERN)).toBe(PATTERN);
    expect(classifyRead(read(bytesOf(b)), 8, DEFAULT_PATTERN)).toBe(COMPLEMENT);
    expect(classifyRead(new Uint8Array(8), 0, DEFAULT_PATTERN)).toBe(ZERO);
    expect(classifyRead(read(bytesOf(a), bytesOf(b)), 8, DEFAULT_PATTERN)).toBe(TORN);
    expect(classifyRead(read(bytesOf(a), new Uint8Array(8)), 8, DEFAULT_PATTERN)).toBe(TORN);
    const odd = bytesOf(a);
    odd[3] = 0x42;
    expect(classifyRead(odd, 0, DEFAULT_PATTERN)).toBe(NEITHER);
  });

  it('refuses a pattern whose zero bytes would pass for not yet written, or a NaN', () => {
    expect(() => checkPattern(DEFAULT_PATTERN)).not.toThrow();
    expect(() => checkPattern(0x0123456789ab00efn)).toThrow(/has a 0x00 or 0xff byte/);
    expect(() => checkPattern(0x7ff8123456789abcn)).toThrow(/is a NaN as a double/);
    expect(() => checkPattern(-1n)).toThrow(/must be a 64-bit unsigned value/);
  });
});
