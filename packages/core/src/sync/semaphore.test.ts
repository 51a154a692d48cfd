import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('validates its place and its permits', () => {
    expect(() => new Semaphore(new SharedArrayBuffer(8), 4)).toThrow(/needs 8 bytes from 'byteOffset' 4/);
    expect(() => new Semaphore(new SharedArrayBuffer(8), 0, 0)).toThrow("Cannot create semaphore as 'permits' must be a positive 32-bit integer: received 0");
  });

  it('hands out at most its permits, times out, and wakes an async waiter on release', async () => {
    const buffer = new SharedArrayBuffer(Semaphore.BYTE_LENGTH);
    const sem = new Semaphore(buffer, 0, 2);
    expect(sem.tryAcquire()).toBe(true);
    expect(sem.acquire()).toBe(true);
    expect(sem.tryAcquire()).toBe(false);
    expect(sem.available()).toBe(0);
    const started = performance.now();
    expect(sem.acquire(15)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(14);
    const waiting = new Semaphore(buffer, 0, 2).acquireAsync(1000);
    setTimeout(() => sem.release(), 5);
    expect(await waiting).toBe(true);
    sem.release();
    sem.release();
    expect(sem.available()).toBe(2);
    expect(() => sem.release()).toThrow('Cannot release semaphore as no permit is taken');
    expect(sem.available()).toBe(2);
  });
});
