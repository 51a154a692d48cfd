import { describe, expect, it } from 'vitest';
import { Barrier } from './barrier.js';

describe('Barrier', () => {
  it('validates its parties', () => {
    expect(() => new Barrier(new SharedArrayBuffer(8), 0, 1.5)).toThrow("Cannot create barrier as 'parties' must be a positive 32-bit integer: received 1.5");
  });

  it('releases a round when the last party arrives, that one alone being serial, and is reusable', async () => {
    const buffer = new SharedArrayBuffer(Barrier.BYTE_LENGTH);
    for (let round = 0; round < 3; round++) {
      const first = new Barrier(buffer, 0, 3).arriveAndWaitAsync();
      const second = new Barrier(buffer, 0, 3).arriveAndWaitAsync();
      let settled = false;
      void Promise.all([first, second]).then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 5));
      expect(settled).toBe(false);
      expect(new Barrier(buffer, 0, 3).arriveAndWait()).toBe(true);
      expect(await Promise.all([first, second])).toEqual([false, false]);
    }
    expect(new Int32Array(buffer)[1]).toBe(3);
  });
});
