/**
 * Slots of the control block: a small Int32Array in its own SharedArrayBuffer
 * through which the workers of one run release and join trials without any
 * message. Actor 0 leads: it resets memory, releases each trial, times it,
 * waits for the others (the followers) and reads the outcome.
 *
 * GO is written by the leader, DONE by the followers and STARTED by all, so
 * they sit on separate 64-byte lines: an arrival at one does not evict the
 * line the others spin on.
 */

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
