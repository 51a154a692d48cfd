/** The threads lesson, in the order it is taught. */
import oneThread from './one-thread.js';
import oneWorkerJoined from './one-worker-joined.js';
import observerReadsWhileCounting from './observer-reads-while-counting.js';
import observerReadsUnderLock from './observer-reads-under-lock.js';
import oneThreadTwice from './one-thread-twice.js';
import twoThreadsRacy from './two-threads-racy.js';
import twoThreadsLocked from './two-threads-locked.js';
import twoThreadsAtomic from './two-threads-atomic.js';

export default [
  oneThread,
  oneWorkerJoined,
  observerReadsWhileCounting,
  observerReadsUnderLock,
  oneThreadTwice,
  twoThreadsRacy,
  twoThreadsLocked,
  twoThreadsAtomic,
];

export { AtomicCounter, Counter, Lock, LockedCounter } from './counter.js';
