import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.js';

describe('Mutex', () => {
  it('validates its place in the buffer with an actionable error', () => {
    expect(() => new Mutex(new SharedArrayBuffer(8), 6)).toThrow("Cannot create mutex as 'byteOffset' must be 4-byte aligned: received 6");
    expect(() => new Mutex(new SharedArrayBuffer(8), 8)).toThrow(/needs 4 bytes from 'byteOffset' 8: the buffer has 8/);
    expect(() => new Mutex(new ArrayBuffer(8) as never, 0)).toThrow(/must be a SharedArrayBuffer: received ArrayBuffer/);
  });

  it('locks, refuses a second tryLock, and times out a blocked lock', () => {
    const buffer = new SharedArrayBuffer(Mutex.BYTE_LENGTH);
    const a = new Mutex(buffer, 0);
    const b = new Mutex(buffer, 0);
    expect(a.tryLock()).toBe(true);
    expect(b.tryLock()).toBe(false);
    const started = performance.now();
    expect(b.lock(20)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    a.unlock();
    expect(b.lock(20)).toBe(true);
    b.unlock();
    expect(a.isLocked()).toBe(false);
  });

  it('refuses to unlock a mutex nobody holds', () => {
    const lock = new Mutex(new SharedArrayBuffer(4), 0);
    expect(() => lock.unlock()).toThrow('Cannot unlock mutex as it is not locked');
    expect(lock.tryLock()).toBe(true);
  });
});

describe('Mutex.lockAsync', () => {
  it('times out, then acquires when the holder unlocks', async () => {
    const buffer = new SharedArrayBuffer(Mutex.BYTE_LENGTH);
    const a = new Mutex(buffer, 0);
    a.lock();
    expect(await new Mutex(buffer, 0).lockAsync(5)).toBe(false);
    const b = new Mutex(buffer, 0).lockAsync(1000);
    setTimeout(() => a.unlock(), 5);
    expect(await b).toBe(true);
    expect(a.isLocked()).toBe(true);
    a.unlock();
    expect(a.isLocked()).toBe(false);
  });
});
