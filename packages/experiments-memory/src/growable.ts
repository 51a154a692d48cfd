/**
 * A growable SharedArrayBuffer (ES2024) grown by one worker while another
 * watches. What ECMA-262 promises: `grow` updates the length with a seq-cst
 * compare-exchange and never shrinks the buffer (SharedArrayBuffer.prototype.grow,
 * "Parallel calls … are totally ordered"); `byteLength` reads the length
 * seq-cst, so one reader's successive readings never go down; and a read that
 * saw length L synchronizes with the grow that set it, so a length-tracking
 * view's (unordered) bounds check afterwards sees at least L. The new bytes
 * were zero since the buffer was made (the block is created whole, zeroed, and
 * nobody writes here).
 */
import { defineExperiment, i32, sharedBuffer } from '@racelab/core';

const GREW = 0;
const ONE_LENGTH = 1;
const SHRANK = 2;
const NOT_ZERO = 3;
const VIEW_BEHIND = 4;

export const growableGrowth = defineExperiment({
  id: 'memory/growable-grow-while-reading',
  title: 'A growable SharedArrayBuffer grows while another worker reads it',
  description:
    'One worker grows a growable SharedArrayBuffer step by step; the other keeps reading its byteLength and the ' +
    'bytes each growth added, through a view that tracks the length. Lengths seen may only grow, new bytes read as ' +
    'zero, and the view is never shorter than a length already seen. The buffer cannot shrink, so a trial starts ' +
    'at the length the previous one left (it is zeroed, not shrunk, between trials) and grows from there; once it ' +
    'reaches maxBytes there is nothing left to grow. Skipped where SharedArrayBuffer cannot grow.',
  tags: ['memory', 'growable'],
  params: {
    /** Bytes added by one grow. */
    step: 64,
    /** Grows per trial: 64 × 64 B = 4 KiB a trial. */
    steps: 64,
    /** The most the buffer may grow to: 16 MiB of address space, room for 4,096 trials at the default step. */
    maxBytes: 16 * 2 ** 20,
  },
  memory: (p) => ({ log: sharedBuffer(0, { maxByteLength: p.maxBytes }), done: i32(), seen: i32() }),
  actors: [
    ({ memory: { log, done }, params: { step, steps } }) => {
      const start = log.byteLength;
      for (let s = 1; s <= steps && start + s * step <= log.maxByteLength; s++) log.grow(start + s * step);
      // Publishes the end: the reader's Atomics.load that sees 1 is ordered after every grow above.
      Atomics.store(done, 0, 1);
    },
    ({ memory: { log, done, seen } }) => {
      const bytes = new Uint8Array(log); // no length given: it tracks the buffer's length
      let length = log.byteLength;
      let lengths = 1;
      let code = GREW;
      for (let finished = false; !finished && code === GREW; ) {
        // Read done before byteLength: once done is seen, this byteLength is the final one.
        finished = Atomics.load(done, 0) === 1;
        const now = log.byteLength;
        if (now < length) code = SHRANK;
        else if (now > length) {
          lengths++;
          if (bytes.length < now) code = VIEW_BEHIND;
          else for (let j = length; j < now && code === GREW; j++) if (bytes[j] !== 0) code = NOT_ZERO;
          length = now;
        }
      }
      seen[0] = code === GREW && lengths === 1 ? ONE_LENGTH : code;
    },
  ],
  outcome: ({ memory: { seen } }) => seen[0]!,
  outcomeNames: [
    'saw it grow: lengths only grew, new bytes zero',
    'saw one length (it grew before the reader looked, or it is full)',
    'a length went down',
    'a new byte was not zero',
    'the view was shorter than a length seen',
  ],
  outcomeLabel: 'what the reader saw while the buffer grew',
  expect: { forbidden: (code) => code >= SHRANK },
  measure: { label: 'saw it grow', unit: 'percent', of: (code) => (code === GREW ? 1 : 0) },
  trials: 200,
});
