/**
 * Tearing: can one read of a 64-bit value see half of one write and half of
 * another? One worker writes a pattern and its complement alternately into
 * `stride` cells, sweep after sweep, until the other has read every cell
 * `rounds` times and kept what it saw. Each read is one sample. The reader
 * starts once the first sweep is written and the writer stops once the reader
 * is done, so every read races with writes.
 *
 * What the model promises (ECMA-262, "Memory Model"): an access has
 * [[NoTear]] when IsNoTearConfiguration(type, order) holds — integer typed
 * arrays always, BigInt64 only with Atomics (seq-cst), Float64 never — and
 * only for typed arrays, never a DataView (GetValueFromBuffer: "If isTypedArray
 * is true and IsNoTearConfiguration(type, order) is true"). "Tear Free Reads"
 * then says an aligned NoTear read never mixes bytes of two writes of equal
 * range. So a torn plain Float64 or BigInt64 read, or a torn DataView read,
 * is allowed (interesting); a torn Atomics.load of a BigInt64 is forbidden.
 * A byte that no write wrote is forbidden for all ("Valid Chosen Reads").
 */
import { dataView, defineExperiment, f64Array, i32, i64Array, u64Array, u8Array, view, type Expectation } from '@racelab/core';
import { DEFAULT_PATTERN, NEITHER, TEAR_NAMES, TORN, checkPattern, classifyRead, patterns } from './patterns.js';

interface TearParams {
  readonly stride: number;
  readonly rounds: number;
  readonly pattern: bigint;
}

const shared = {
  params: {
    /** Cells raced on at once. Tuning choice: 256 cells (2 KiB) stay in L1 and are rewritten every round. */
    stride: 256,
    /** Times the reader reads every cell while the writer rewrites them, alternating pattern and complement. */
    rounds: 32,
    /** The bits written; the other write is its complement (no 0x00 or 0xff byte: zero means not yet written). */
    pattern: DEFAULT_PATTERN,
  },
  instances: (p: TearParams) => p.stride * p.rounds,
  outcomeNames: TEAR_NAMES,
  outcomeLabel: 'what one read of a 64-bit cell saw',
  outcome: ({ memory: { seen }, instance: k, params }: { memory: { seen: Uint8Array }; instance: number; params: TearParams }) =>
    classifyRead(seen, 8 * k, params.pattern),
  /** Per million reads: a rate of 0.001% still shows as a number (8 per million), not as 0.0%. */
  measure: { label: 'torn per million reads', unit: 'number' as const, of: (code: number) => (code === TORN ? 1e6 : 0) },
  ops: (p: TearParams) => p.stride * p.rounds,
  /** 500 trials × 8,192 reads ≈ 4 million samples. */
  trials: 500,
  tags: ['memory', 'tearing'],
};

const allowed: Expectation<number, unknown> = { forbidden: (code) => code === NEITHER, interesting: (code) => code === TORN };
const noTear: Expectation<number, unknown> = { forbidden: (code) => code === TORN || code === NEITHER };

/**
 * How many reads one trial keeps, once the pattern is checked (a bad
 * `--param pattern` fails the layout, before any trial). The reader keeps each
 * in `read`, 8 bytes apiece; `seen` is the same bytes for the outcome to classify.
 */
const reads = (p: TearParams) => {
  checkPattern(p.pattern);
  return p.stride * p.rounds;
};
const seenOf = (n: number) => view('read', u8Array(8 * n));
/** The two flags of a race: the writer's first sweep is done; the reader is done. */
const flags = { started: i32(), done: i32() };

/** The pattern and its complement as doubles (the same 64 bits). */
const asDoubles = (pattern: bigint) => new Float64Array(BigUint64Array.from(patterns(pattern)).buffer);
/** ... and as signed 64-bit values, what a BigInt64Array holds. */
const asSigned = (pattern: bigint) => patterns(pattern).map((v) => BigInt.asIntN(64, v));

export const tearFloat64Plain = defineExperiment({
  ...shared,
  id: 'memory/tear-f64-plain',
  title: 'Tearing: plain Float64 writes and reads',
  description:
    'One worker writes two doubles with opposite bit patterns into the same cells, over and over; the other reads them. ' +
    'A read that mixes bytes of both is torn. The memory model allows it for floats (only integer typed arrays are ' +
    'tear-free); an aligned 8-byte access is one instruction on 64-bit machines, so expect none there.',
  memory: (p: TearParams) => ({ cells: f64Array(p.stride), read: f64Array(reads(p)), seen: seenOf(reads(p)), ...flags }),
  actors: [
    ({ memory: { cells, started, done }, params: { stride, pattern } }) => {
      const [a, b] = asDoubles(pattern);
      // The flags only start and stop the race: the reads they bracket are what is tested, unordered.
      for (let sweep = 0; sweep === 0 || Atomics.load(done, 0) === 0; sweep++) {
        const value = sweep & 1 ? b! : a!;
        for (let i = 0; i < stride; i++) cells[i] = value;
        if (sweep === 0) Atomics.store(started, 0, 1);
      }
    },
    ({ memory: { cells, read, started, done }, params: { stride, rounds } }) => {
      while (Atomics.load(started, 0) === 0);
      for (let round = 0, k = 0; round < rounds; round++) for (let i = 0; i < stride; i++, k++) read[k] = cells[i]!;
      Atomics.store(done, 0, 1);
    },
  ],
  expect: allowed,
});

export const tearBigInt64Plain = defineExperiment({
  ...shared,
  id: 'memory/tear-i64-plain',
  title: 'Tearing: plain BigInt64 writes and reads',
  description:
    'The same race on a BigInt64Array with plain accesses. The model allows a plain 64-bit BigInt access to tear ' +
    '(it is tear-free only through Atomics), so a torn read is interesting, not a failure.',
  memory: (p: TearParams) => ({ cells: i64Array(p.stride), read: i64Array(reads(p)), seen: seenOf(reads(p)), ...flags }),
  actors: [
    ({ memory: { cells, started, done }, params: { stride, pattern } }) => {
      const [a, b] = asSigned(pattern);
      // The flags only start and stop the race: the reads they bracket are what is tested, unordered.
      for (let sweep = 0; sweep === 0 || Atomics.load(done, 0) === 0; sweep++) {
        const value = sweep & 1 ? b! : a!;
        for (let i = 0; i < stride; i++) cells[i] = value;
        if (sweep === 0) Atomics.store(started, 0, 1);
      }
    },
    ({ memory: { cells, read, started, done }, params: { stride, rounds } }) => {
      while (Atomics.load(started, 0) === 0);
      for (let round = 0, k = 0; round < rounds; round++) for (let i = 0; i < stride; i++, k++) read[k] = cells[i]!;
      Atomics.store(done, 0, 1);
    },
  ],
  expect: allowed,
});

/** Each DataView cell starts at byte 61 of its own 64-byte line: odd, and its 8 bytes cross into the next line. */
const LINE = 64;
const ODD_OFFSET = 61;

export const tearDataViewUnaligned = defineExperiment({
  ...shared,
  id: 'memory/tear-dataview-unaligned',
  title: 'Tearing: unaligned 64-bit DataView accesses across a cache line',
  description:
    'setBigUint64 and getBigUint64 at an odd byte offset, each value straddling two 64-byte cache lines. A DataView ' +
    'access is never tear-free in the model, and hardware does not make an access split across two lines atomic: ' +
    'a torn read is interesting here.',
  memory: (p: TearParams) => ({ raw: dataView(LINE * (p.stride + 1)), read: u64Array(reads(p)), seen: seenOf(reads(p)), ...flags }),
  actors: [
    ({ memory: { raw, started, done }, params: { stride, pattern } }) => {
      const [a, b] = patterns(pattern);
      // The flags only start and stop the race: the reads they bracket are what is tested, unordered.
      for (let sweep = 0; sweep === 0 || Atomics.load(done, 0) === 0; sweep++) {
        const value = sweep & 1 ? b : a;
        for (let i = 0; i < stride; i++) raw.setBigUint64(LINE * i + ODD_OFFSET, value, true);
        if (sweep === 0) Atomics.store(started, 0, 1);
      }
    },
    ({ memory: { raw, read, started, done }, params: { stride, rounds } }) => {
      while (Atomics.load(started, 0) === 0);
      for (let round = 0, k = 0; round < rounds; round++) {
        for (let i = 0; i < stride; i++, k++) read[k] = raw.getBigUint64(LINE * i + ODD_OFFSET, true);
      }
      Atomics.store(done, 0, 1);
    },
  ],
  expect: allowed,
});

export const tearBigInt64Atomics = defineExperiment({
  ...shared,
  id: 'memory/tear-i64-atomics',
  title: 'No tearing: BigInt64 with Atomics.store and Atomics.load',
  description:
    'The same race with Atomics on a BigInt64Array. A seq-cst 64-bit access is tear-free in the model, so every ' +
    'read sees one whole write: a torn value is forbidden (on a 32-bit machine the engine must use a lock or a ' +
    '64-bit atomic instruction to keep this promise).',
  memory: (p: TearParams) => ({ cells: i64Array(p.stride), read: i64Array(reads(p)), seen: seenOf(reads(p)), ...flags }),
  actors: [
    ({ memory: { cells, started, done }, params: { stride, pattern } }) => {
      const [a, b] = asSigned(pattern);
      for (let sweep = 0; sweep === 0 || Atomics.load(done, 0) === 0; sweep++) {
        const value = sweep & 1 ? b! : a!;
        // Seq-cst with [[NoTear]]: a read of equal range sees this write whole or not at all. Its order is not what is tested.
        for (let i = 0; i < stride; i++) Atomics.store(cells, i, value);
        if (sweep === 0) Atomics.store(started, 0, 1);
      }
    },
    ({ memory: { cells, read, started, done }, params: { stride, rounds } }) => {
      while (Atomics.load(started, 0) === 0);
      for (let round = 0, k = 0; round < rounds; round++) {
        // Equal range to the writer's stores and [[NoTear]]: "Tear Free Reads" forbids mixing their bytes.
        for (let i = 0; i < stride; i++, k++) read[k] = Atomics.load(cells, i);
      }
      Atomics.store(done, 0, 1);
    },
  ],
  expect: noTear,
});
