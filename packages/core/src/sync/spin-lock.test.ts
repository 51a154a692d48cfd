import { describe, expect, it } from 'vitest';
import { SpinLock } from './spin-lock.js';

describe('SpinLock', () => {
  it('validates its place in the buffer', () => {
    expect(() => new SpinLock(new SharedArrayBuffer(8), 2)).toThrow("Cannot create spin lock as 'byteOffset' must be 4-byte aligned: received 2");
    expect(() => new SpinLock(new SharedArrayBuffer(4), 4)).toThrow(/needs 4 bytes from 'byteOffset' 4/);
  });

  it('locks, refuses a second tryLock, times out, and unlocks', async () => {
    const buffer = new SharedArrayBuffer(SpinLock.BYTE_LENGTH);
    const a = new SpinLock(buffer, 0);
    const b = new SpinLock(buffer, 0);
    expect(a.tryLock()).toBe(true);
    expect(b.tryLock()).toBe(false);
    const started = performance.now();
    expect(b.lock(15)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(14);
    expect(performance.now() - started).toBeLessThan(200);
    expect(await b.lockAsync(5)).toBe(false);
    setTimeout(() => a.unlock(), 5);
    expect(await b.lockAsync(1000)).toBe(true);
    expect(b.isLocked()).toBe(true);
    b.unlock();
    expect(() => b.unlock()).toThrow('Cannot unlock spin lock as it is not locked');
  });
});
