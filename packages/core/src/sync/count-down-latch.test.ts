import { describe, expect, it } from 'vitest';
import { CountDownLatch } from './count-down-latch.js';

describe('CountDownLatch', () => {
  it('opens after count count-downs, times out before', async () => {
    const buffer = new SharedArrayBuffer(CountDownLatch.BYTE_LENGTH);
    const latch = new CountDownLatch(buffer, 0, 2);
    expect(latch.wait(5)).toBe(false);
    latch.countDown();
    expect(await latch.waitAsync(5)).toBe(false);
    const opened = new CountDownLatch(buffer, 0, 2).waitAsync(1000);
    setTimeout(() => latch.countDown(), 5);
    expect(await opened).toBe(true);
    expect(latch.wait(0)).toBe(true);
    expect(latch.isOpen()).toBe(true);
    expect(() => new CountDownLatch(buffer, 0, -1)).toThrow(/'count' must be a 32-bit integer ≥ 0: received -1/);
  });
});
