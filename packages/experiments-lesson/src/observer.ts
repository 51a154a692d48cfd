import { Counter } from './counter.js';

/**
 * The observer of steps 3 and 4 does some other work before it reads, as a
 * main thread would between starting a thread and printing its count. Its
 * work is counting on a counter of its own, at the same speed as the worker
 * counts, for anywhere from 0 to `upTo` steps (a hash of the trial number), so
 * the read lands anywhere in the count; where exactly is up to the scheduler.
 */
export function otherWork(trial: number, upTo: number, own: Int32Array): void {
  new Counter(own).countUp(hash(trial) % (upTo + 1));
}

/** A 32-bit integer hash (from "mulberry32"): spreads consecutive trials. */
function hash(n: number): number {
  let t = (n + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
