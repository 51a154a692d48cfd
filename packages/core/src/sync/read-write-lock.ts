import { checkRegion } from './region.js';
import { pause } from './spin.js';
import { deadlineOf, timeLeft, waitAsync } from './wait-async.js';

/** Cell 0: -1 while a writer holds the lock, else the number of readers holding it. */
const STATE = 0;
/** Cell 1: writers waiting; while non-zero, new readers wait (writer preference). Readers sleep on it. */
const WRITERS_WAITING = 1;
/** Cell 2: threads that may sleep on STATE; unlocks notify only when it is non-zero. */
const SLEEPERS = 2;
const WRITER = -1;
/** Reads before sleeping. Tuning choice. */
const SPIN = 128;

/**
 * A readers-writer lock with **writer preference**: many readers may hold it
 * together, a writer holds it alone, and once a writer waits no new reader
 * enters, so writers are never starved (readers can be, under a steady stream
 * of writers). Zeroed bytes are an unlocked lock.
 *
 * @example
 * ```ts
 * const rw = new ReadWriteLock(buffer, 0);
 * rw.readLock();  try { read(table); } finally { rw.readUnlock(); }
 * rw.writeLock(); try { write(table); } finally { rw.writeUnlock(); }
 * ```
 */
export class ReadWriteLock {
  /** Bytes the lock occupies in the buffer. */
  static readonly BYTE_LENGTH = 12;
  /** Required alignment of `byteOffset`. */
  static readonly ALIGN = 4;

  readonly #cells: Int32Array;

  /** Builds the lock over `(buffer, byteOffset)`. */
  constructor(buffer: SharedArrayBuffer, byteOffset: number) {
    checkRegion('read-write lock', buffer, byteOffset, ReadWriteLock.BYTE_LENGTH, ReadWriteLock.ALIGN);
    this.#cells = new Int32Array(buffer, byteOffset, 3);
  }

  /**
   * Takes a read lock if no writer holds or awaits the lock.
   *
   * @example
   * ```ts
   * if (rw.tryReadLock()) { try { read(); } finally { rw.readUnlock(); } }
   * ```
   */
  tryReadLock(): boolean {
    const cells = this.#cells;
    for (;;) {
      const state = Atomics.load(cells, STATE);
      if (state === WRITER || Atomics.load(cells, WRITERS_WAITING) > 0) return false;
      // Seq-cst compare-exchange: entering synchronises with the last writer's unlock.
      if (Atomics.compareExchange(cells, STATE, state, state + 1) === state) return true;
    }
  }

  /**
   * Takes a read lock, waiting at most `timeoutMs`. Returns whether it got it.
   *
   * @example
   * ```ts
   * if (rw.readLock(10)) { try { read(); } finally { rw.readUnlock(); } }
   * ```
   */
  readLock(timeoutMs = Infinity): boolean {
    if (this.tryReadLock()) return true;
    for (let i = 0; i < SPIN; i++) {
      pause();
      if (this.tryReadLock()) return true;
    }
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      if (this.tryReadLock()) return true;
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      this.#sleepAsReader(left);
    }
  }

  /**
   * Takes a read lock without blocking the thread.
   *
   * @example
   * ```ts
   * if (await rw.readLockAsync(100)) { try { read(); } finally { rw.readUnlock(); } }
   * ```
   */
  async readLockAsync(timeoutMs = Infinity): Promise<boolean> {
    const deadline = deadlineOf(timeoutMs);
    const cells = this.#cells;
    for (;;) {
      if (this.tryReadLock()) return true;
      const left = timeLeft(deadline);
      if (left <= 0) return false;
      const writers = Atomics.load(cells, WRITERS_WAITING);
      if (writers > 0) {
        await waitAsync(cells, WRITERS_WAITING, writers, left);
        continue;
      }
      Atomics.add(cells, SLEEPERS, 1);
      await waitAsync(cells, STATE, WRITER, left);
      Atomics.sub(cells, SLEEPERS, 1);
    }
  }

  /**
   * Releases a read lock the caller holds.
   *
   * @example
   * ```ts
   * rw.readUnlock();
   * ```
   */
  readUnlock(): void {
    const cells = this.#cells;
    // Seq-cst subtraction, then the read of SLEEPERS: a writer that counted
    // itself asleep before re-reading STATE is either seen here or sees 0.
    const before = Atomics.sub(cells, STATE, 1);
    if (before <= 0) {
      Atomics.add(cells, STATE, 1);
      throw new Error('Cannot unlock read lock as no reader holds it');
    }
    if (before === 1 && Atomics.load(cells, SLEEPERS) > 0) Atomics.notify(cells, STATE);
  }

  /**
   * Takes the write lock if nobody holds the lock.
   *
   * @example
   * ```ts
   * if (rw.tryWriteLock()) { try { write(); } finally { rw.writeUnlock(); } }
   * ```
   */
  tryWriteLock(): boolean {
    // Seq-cst compare-exchange: entering synchronises with the previous
    // holders' unlocks (the readers' subtractions or a writer's store).
    return Atomics.compareExchange(this.#cells, STATE, 0, WRITER) === 0;
  }

  /**
   * Takes the write lock, waiting at most `timeoutMs`; while it waits, no new
   * reader enters. Returns whether it got the lock.
   *
   * @example
   * ```ts
   * if (!rw.writeLock(50)) throw new Error('table busy');
   * ```
   */
  writeLock(timeoutMs = Infinity): boolean {
    if (this.tryWriteLock()) return true;
    const cells = this.#cells;
    // Announce ourselves so that new readers hold back (writer preference).
    Atomics.add(cells, WRITERS_WAITING, 1);
    try {
      for (let i = 0; i < SPIN; i++) {
        pause();
        if (Atomics.load(cells, STATE) === 0 && this.tryWriteLock()) return true;
      }
      const deadline = deadlineOf(timeoutMs);
      for (;;) {
        if (this.tryWriteLock()) return true;
        const state = Atomics.load(cells, STATE);
        if (state === 0) continue;
        const left = timeLeft(deadline);
        if (left <= 0) return false;
        // Count ourselves asleep before the wait re-checks STATE (see readUnlock).
        Atomics.add(cells, SLEEPERS, 1);
        Atomics.wait(cells, STATE, state, left === Infinity ? undefined : left);
        Atomics.sub(cells, SLEEPERS, 1);
      }
    } finally {
      this.#stopWaitingAsWriter();
    }
  }

  /**
   * Takes the write lock without blocking the thread.
   *
   * @example
   * ```ts
   * if (await rw.writeLockAsync(100)) { try { write(); } finally { rw.writeUnlock(); } }
   * ```
   */
  async writeLockAsync(timeoutMs = Infinity): Promise<boolean> {
    if (this.tryWriteLock()) return true;
    const cells = this.#cells;
    Atomics.add(cells, WRITERS_WAITING, 1);
    try {
      const deadline = deadlineOf(timeoutMs);
      for (;;) {
        if (this.tryWriteLock()) return true;
        const state = Atomics.load(cells, STATE);
        if (state === 0) continue;
        const left = timeLeft(deadline);
        if (left <= 0) return false;
        Atomics.add(cells, SLEEPERS, 1);
        await waitAsync(cells, STATE, state, left);
        Atomics.sub(cells, SLEEPERS, 1);
      }
    } finally {
      this.#stopWaitingAsWriter();
    }
  }

  /**
   * Releases the write lock the caller holds.
   *
   * @example
   * ```ts
   * rw.writeUnlock();
   * ```
   */
  writeUnlock(): void {
    const cells = this.#cells;
    // Seq-cst compare-exchange: publishes the writer's changes; then the read
    // of SLEEPERS pairs with a sleeper's add-then-wait as in readUnlock.
    if (Atomics.compareExchange(cells, STATE, WRITER, 0) !== WRITER) {
      throw new Error('Cannot unlock write lock as no writer holds it');
    }
    if (Atomics.load(cells, SLEEPERS) > 0) Atomics.notify(cells, STATE);
  }

  /** Readers holding the lock, or -1 for a writer (a snapshot, for diagnostics). */
  state(): number {
    return Atomics.load(this.#cells, STATE);
  }

  #stopWaitingAsWriter(): void {
    const cells = this.#cells;
    // The last waiting writer to leave (with or without the lock) lets readers
    // in again: they sleep on WRITERS_WAITING, and it changed before the notify.
    if (Atomics.sub(cells, WRITERS_WAITING, 1) === 1) Atomics.notify(cells, WRITERS_WAITING);
  }

  /** A reader that found the lock busy sleeps until a writer leaves or stops waiting. */
  #sleepAsReader(timeoutMs: number): void {
    const cells = this.#cells;
    const timeout = timeoutMs === Infinity ? undefined : timeoutMs;
    const writers = Atomics.load(cells, WRITERS_WAITING);
    if (writers > 0) {
      // Returns at once if the count changed since the load.
      Atomics.wait(cells, WRITERS_WAITING, writers, timeout);
      return;
    }
    Atomics.add(cells, SLEEPERS, 1);
    Atomics.wait(cells, STATE, WRITER, timeout);
    Atomics.sub(cells, SLEEPERS, 1);
  }
}
