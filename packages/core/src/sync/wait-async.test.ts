import { describe, expect, it } from 'vitest';
import { hasWaitAsync, waitAsync } from './wait-async.js';

describe('waitAsync', () => {
  it('reports not-equal, timed-out, and a change', async () => {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    expect(hasWaitAsync).toBe(true);
    expect(await waitAsync(cell, 0, 1)).toBe('not-equal');
    expect(await waitAsync(cell, 0, 0, 5)).toBe('timed-out');
    setTimeout(() => { Atomics.store(cell, 0, 1); Atomics.notify(cell, 0); }, 5);
    expect(await waitAsync(cell, 0, 0, 1000)).toBe('ok');
  });
});
