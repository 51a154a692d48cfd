/**
 * The trial control protocol, both sides: a small Int32Array in its own
 * SharedArrayBuffer through which the workers of one run release and join
 * trials without any message. Actor 0 leads: it resets memory, releases each
 * trial, times it, waits for the others (the followers) and reads the
 * outcome. Its slots, then the steps: release, start barrier, join, and the
 * spin-then-sleep waits they use.
 *
 * GO is written by the leader, DONE by the followers, STARTED and ALIGNED by
 * all, so they sit on separate 64-byte lines, and what each actor alone
 * writes is on a line of its own: an arrival at one does not evict the line
 * the others spin on.
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
/** Iterations the last actor to reach a rendezvous waits before it goes on in this trial (see align); set before each release. */
export const ALIGN_DELAY = 17;
/** Followers that finished the current trial. */
export const DONE = 32;
/** Actors that have started the current trial: the start barrier every actor passes before running. */
export const STARTED = 48;
/** Actors asleep in `Atomics.wait` at the start barrier: the last to arrive notifies only when > 0. */
export const STARTED_ASLEEP = 49;

/** Rendezvous made in the current trial, by all actors (see {@link align}); reset with each release. */
export const ALIGNED = 64;
/** Int32 slots per 64-byte line. */
const LINE = 16;
/** From this slot on, one line per actor, written by that actor only. */
const ACTOR_LINES = 80;
/**
 * The generation of the last trial actor `a` finished, so that a controller
 * whose deadline passed can name the actors still running.
 */
export const finishedSlot = (a: number) => ACTOR_LINES + LINE * a;

/** COMMAND values. */
export const RUN = 0;
export const STOP = 1;

/** Int32 slots in the control block of a run with `actors` actors: five 64-byte lines, then one line per actor. */
export function controlSlots(actors: number): number {
  return ACTOR_LINES + LINE * actors;
}

/** Leader: publishes the next trial (or STOP) to every follower, after resetting memory. */
export function release(control: Int32Array, command: typeof RUN | typeof STOP): void {
  Atomics.store(control, DONE, 0);
  Atomics.store(control, STARTED, 0);
  // Every actor left the last trial's rendezvous before it arrived at DONE.
  Atomics.store(control, ALIGNED, 0);
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

/**
 * How many times an actor re-reads the count at a rendezvous before it gives
 * up on it: 0.4–0.5 ms on Node and Bun here (12–15 ns a read). The others
 * arrive within a microsecond when they have a core. When one does not (a
 * busy machine; the host's or the browser's own threads taking a core for a
 * time slice), waiting longer would only hold this actor back: it goes on,
 * and the late one passes the rendezvous it missed without waiting, until it
 * has caught up. Sleeping instead, as before, cost a futex wake-up at each
 * such rendezvous (store buffering aligned every 16 on Node, in two separate
 * runs: 7.4 M samples/s sleeping, 9.4 M giving up). Counted,
 * not timed: browsers coarsen performance.now() in workers.
 */
const ALIGN_SPINS = 1 << 15;

/**
 * An actor's `calls`-th rendezvous of this trial (see TrialContext.align):
 * returns once every actor has made as many, or when the others are too late
 * (see ALIGN_SPINS). Batched experiments call it every few instances so that
 * the actors sweep the instances in step: without it one actor's sweep runs
 * mostly before the other's and few instances race. The last to arrive then
 * waits `delay` iterations (see align-tuner.ts).
 * (One shared count: tried here against a count per actor on lines of their
 * own, which cost as much and left the actors less in step.)
 */
export function align(control: Int32Array, actors: number, calls: number, delay: number): void {
  const target = calls * actors;
  // Seq-cst add, and seq-cst loads below: an actor that sees the target also
  // sees what every actor did before its add (align.test.ts relies on it).
  // No one sleeps here, so there is no wake-up to lose.
  if (Atomics.add(control, ALIGNED, 1) + 1 === target) {
    // The others see the count a line transfer after this add: wait about as
    // long. A load of a line no one writes during a trial: cheap, and an
    // Atomics call the JIT cannot drop as it could an empty loop.
    for (let i = 0; i < delay; i++) Atomics.load(control, ALIGN_DELAY);
    return;
  }
  for (let i = 0; i < ALIGN_SPINS; i++) if (Atomics.load(control, ALIGNED) >= target) return;
}

/**
 * Leader: spin for up to `spinMs`, then sleep, until `slot` holds `target`,
 * or until `timeoutMs` has passed; returns whether the count was reached.
 */
export function waitForCount(control: Int32Array, slot: number, target: number, spinMs: number, timeoutMs = Infinity): boolean {
  const deadline = performance.now() + timeoutMs;
  if (spinUntil(control, slot, target, true, Math.min(spinMs, timeoutMs))) return true;
  Atomics.store(control, LEADER_ASLEEP, 1);
  let reached = true;
  for (;;) {
    const value = Atomics.load(control, slot);
    if (value === target) break;
    const left = deadline - performance.now();
    if (left <= 0) {
      reached = false;
      break;
    }
    // Sleeps only while the cell still holds `value`: an arrival after the
    // load above changes it and makes wait return at once.
    Atomics.wait(control, slot, value, left);
  }
  Atomics.store(control, LEADER_ASLEEP, 0);
  return reached;
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
