import { describe, expect, it } from 'vitest';
import { ReadWriteLock } from './read-write-lock.js';

describe('ReadWriteLock', () => {
  it('shares among readers, excludes a writer, and prefers a waiting writer to new readers', async () => {
    const buffer = new SharedArrayBuffer(ReadWriteLock.BYTE_LENGTH);
    const rw = new ReadWriteLock(buffer, 0);
    expect(rw.readLock()).toBe(true);
    expect(rw.tryReadLock()).toBe(true);
    expect(rw.state()).toBe(2);
    expect(rw.tryWriteLock()).toBe(false);
    expect(rw.writeLock(10)).toBe(false);
    const writer = new ReadWriteLock(buffer, 0).writeLockAsync(1000);
    expect(rw.tryReadLock()).toBe(false); // a writer waits: writer preference
    rw.readUnlock();
    rw.readUnlock();
    expect(await writer).toBe(true);
    expect(rw.state()).toBe(-1);
    expect(rw.readLock(10)).toBe(false);
    const reader = rw.readLockAsync(1000);
    setTimeout(() => rw.writeUnlock(), 5);
    expect(await reader).toBe(true);
    rw.readUnlock();
    expect(() => rw.readUnlock()).toThrow('Cannot unlock read lock as no reader holds it');
    expect(() => rw.writeUnlock()).toThrow('Cannot unlock write lock as no writer holds it');
  });
});
