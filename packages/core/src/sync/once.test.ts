import { describe, expect, it } from 'vitest';
import { Once } from './once.js';

describe('Once', () => {
  it('runs once, and again after a throw', async () => {
    const buffer = new SharedArrayBuffer(Once.BYTE_LENGTH);
    const once = new Once(buffer, 0);
    expect(() => once.run(() => { throw new Error('not yet'); })).toThrow('not yet');
    expect(once.isDone()).toBe(false);
    let runs = 0;
    expect(once.run(() => runs++)).toBe(true);
    expect(new Once(buffer, 0).run(() => runs++)).toBe(false);
    expect(await once.runAsync(() => runs++)).toBe(false);
    expect(runs).toBe(1);
    expect(once.isDone()).toBe(true);
  });
});
