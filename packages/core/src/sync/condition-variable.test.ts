import { describe, expect, it } from 'vitest';
import { ConditionVariable } from './condition-variable.js';
import { Mutex } from './mutex.js';

describe('ConditionVariable', () => {
  it('times out holding the mutex again, and wakes an async waiter that was notified', async () => {
    const buffer = new SharedArrayBuffer(16);
    const mutex = new Mutex(buffer, 0);
    const cond = new ConditionVariable(buffer, 8);
    mutex.lock();
    const started = performance.now();
    expect(cond.wait(mutex, 15)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(14);
    expect(mutex.isLocked()).toBe(true);
    const woken = cond.waitAsync(mutex, 1000);
    expect(mutex.isLocked()).toBe(false);
    setTimeout(() => {
      mutex.lock();
      cond.notifyOne();
      mutex.unlock();
    }, 5);
    expect(await woken).toBe(true);
    expect(mutex.isLocked()).toBe(true);
    mutex.unlock();
    cond.notifyAll();
    expect(() => new ConditionVariable(buffer, 12)).toThrow(/needs 8 bytes from 'byteOffset' 12: the buffer has 16/);
  });
});
