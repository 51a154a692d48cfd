/**
 * The trial control protocol, both sides: a small Int32Array in its own
 * SharedArrayBuffer through which the workers of one run release and join
 * trials without any message. Actor 0 leads: it resets memory, releases each
 * trial, times it, waits for the others (the followers) and reads the
 * outcome. Its slots, then the steps: release, start barrier, join, and the
 * spin-then-sleep waits they use.
 *
 * GO is written by the leader, DONE by the followers and STARTED by all, so
 * they sit on separate 64-byte lines: an arrival at one does not evict the
 * line the others spin on.
 */
import { pause } from './sync/spin.js';

/** Followers that have loaded the experiment and are ready for the first trial. */
export const READY = 0;
/** What the released generation means: RUN a trial or STOP. */
export const COMMAND = 1;
/** Followers asleep in `Atomics.wait` on GO: the leader notifies only when > 0. */
export const FOLLOWERS_ASLEEP = 2;
/** 1 while the leader is asleep on DONE or READY: followers notify only then. */
export const LEADER_ASLEEP = 3;
/** Trial generation: the leader adds 1 to release the next trial. */
export const GO = 16;
/** Followers that finished the current trial. */
export const DONE = 32;
/** Actors that have started the current trial: the start barrier every actor passes before running. */
export const STARTED = 48;
/** Actors asleep in `Atomics.wait` at the start barrier: the last to arrive notifies only when > 0. */
export const STARTED_ASLEEP = 49;

/** COMMAND values. */
export const RUN = 0;
export const STOP = 1;

/** Int32 slots in the control block: four 64-byte lines. */
export const CONTROL_SLOTS = 64;

/** Leader: publishes the next trial (or STOP) to every follower, after resetting memory. */
export function release(control: Int32Array, command: typeof RUN | typeof STOP): void {
  Atomics.store(control, DONE, 0);
  Atomics.store(control, STARTED, 0);
  Atomics.store(control, COMMAND, command);
  // Release. This seq-cst add orders the caller's reset, DONE, STARTED and
  // COMMAND before any follower's Atomics.load that sees the new generation.
  Atomics.add(control, GO, 1);
  // Read after the add: either a follower going to sleep sees the new GO, or
  // we see it counted here and wake it (no lost wake-up; see waitForRelease).
  if (Atomics.load(control, FOLLOWERS_ASLEEP) > 0) Atomics.notify(control, GO);
}

/** A follower reports in: seq-cst add, then wake the leader if it sleeps. */
export function arrive(control: Int32Array, slot: number): void {
  // The add publishes every write this actor made (release); the leader's
  // Atomics.load that sees the count acquires them before reading outcomes.
  Atomics.add(control, slot, 1);
  // Dekker-style pairing with the leader's store to LEADER_ASLEEP: under
  // sequential consistency either it sees our add or we see its flag.
  if (Atomics.load(control, LEADER_ASLEEP) === 1) Atomics.notify(control, slot);
}

/**
 * The start barrier: every actor of the trial arrives, and none runs before
 * all have. Without it a follower that the OS scheduled late (seen here: 4 ms
 * on a loaded 2-core machine) would start after a 100,000-increment race was
 * already over, and the race would not happen.
 */
export function meet(control: Int32Array, actors: number, spinMs: number): void {
  // Seq-cst add: the last arrival's read of STARTED_ASLEEP below and a
  // sleeper's add to it are ordered, so a sleeper is always notified.
  if (Atomics.add(control, STARTED, 1) + 1 === actors) {
    if (Atomics.load(control, STARTED_ASLEEP) > 0) Atomics.notify(control, STARTED);
    return;
  }
  if (spinUntil(control, STARTED, actors, true, spinMs)) return;
  Atomics.add(control, STARTED_ASLEEP, 1);
  for (;;) {
    const value = Atomics.load(control, STARTED);
    if (value === actors) break;
    Atomics.wait(control, STARTED, value);
  }
  Atomics.sub(control, STARTED_ASLEEP, 1);
}

/** Leader: spin for up to `spinMs`, then sleep, until `slot` holds `target`. */
export function waitForCount(control: Int32Array, slot: number, target: number, spinMs: number): void {
  if (spinUntil(control, slot, target, true, spinMs)) return;
  Atomics.store(control, LEADER_ASLEEP, 1);
  for (;;) {
    const value = Atomics.load(control, slot);
    if (value === target) break;
    // Sleeps only while the cell still holds `value`: an arrival after the
    // load above changes it and makes wait return at once.
    Atomics.wait(control, slot, value);
  }
  Atomics.store(control, LEADER_ASLEEP, 0);
}

/** Follower: spin for up to `spinMs`, then sleep, until GO moves past `generation`; returns the new generation. */
export function waitForRelease(control: Int32Array, generation: number, spinMs: number): number {
  if (spinUntil(control, GO, generation, false, spinMs)) return Atomics.load(control, GO);
  // Count ourselves asleep before the last check, so the leader's add-then-read
  // either is seen by our load below or sees our count and notifies.
  Atomics.add(control, FOLLOWERS_ASLEEP, 1);
  while (Atomics.load(control, GO) === generation) Atomics.wait(control, GO, generation);
  Atomics.sub(control, FOLLOWERS_ASLEEP, 1);
  return Atomics.load(control, GO);
}

/**
 * Re-reads `slot` until it equals `value` (or, with `equal` false, differs
 * from it), for at most `spinMs`. Returns whether it got there. Spinning keeps
 * a waiting actor on its core, so that the next release starts every actor
 * within a cache-line transfer of each other; a sleeping actor would start
 * tens to hundreds of microseconds late, after the others have raced alone.
 */
function spinUntil(control: Int32Array, slot: number, value: number, equal: boolean, spinMs: number): boolean {
  const deadline = performance.now() + spinMs;
  for (;;) {
    // Read the clock once per 128 reads: it costs more than a load.
    for (let i = 0; i < 128; i++) {
      if ((Atomics.load(control, slot) === value) === equal) return true;
      pause();
    }
    if (performance.now() >= deadline) return false;
  }
}
