/**
 * Mixed-size Atomics: the same bytes written with Atomics of one size and
 * read with Atomics of another. What ECMA-262's memory model promises here is
 * less than sequential consistency, and it is worth knowing exactly what:
 *
 * - "Tear Free Reads" applies only to a read and writes of *equal range*: a
 *   16-bit read of half a 32-bit write, or a 32-bit read over two 16-bit
 *   writes, may take each byte from a different write.
 * - synchronizes-with relates seq-cst events "that also have equal ranges"
 *   (note in "synchronizes-with"), and the "Sequentially Consistent Atomics"
 *   clause "additionally constrains seq-cst events on equal ranges" only.
 *   So a mixed-size read that sees a write creates no happens-before, and a
 *   later read by the same thread may still see an older value of other bytes
 *   ("Coherent Reads" only looks along happens-before).
 * - "Valid Chosen Reads" still holds: every byte read is a byte some write
 *   (or the initial value) put there. A byte of neither is forbidden.
 *
 * The model's Shared Memory Guidelines say it plainly: make sure "atomic
 * accesses of different sizes are not used to access the same cells at the
 * same time". These tests show what happens when they are. On x86 every
 * aligned access here is single-copy atomic and stores stay in order, so the
 * interesting outcomes are expected to be rare or absent there.
 */
import { defineExperiment, i32Array, u16Array, u8Array, view } from '@racelab/core';

/** The cell's initial value and the value written: every byte differs, so each byte read tells its age. */
const OLD = 0x0f1e2d3c;
const NEW = ~OLD;
const OLD_BYTES = new Uint8Array(Int32Array.of(OLD).buffer);
const NEW_BYTES = new Uint8Array(Int32Array.of(NEW).buffer);
/** NEW's two halves as the 16-bit writer stores them: bytes 0-1, then bytes 2-3 (memory order, any endianness). */
const [NEW_FIRST, NEW_SECOND] = new Uint16Array(Int32Array.of(NEW).buffer) as unknown as [number, number];

/** Age of byte `j` of a 32-bit cell when it reads `byte`: 0 old, 1 new, -1 neither. */
function age(byte: number, j: number): number {
  return byte === OLD_BYTES[j] ? 0 : byte === NEW_BYTES[j] ? 1 : -1;
}

/** Outcome code 16: a byte that no write wrote. Codes 0..15 hold the four byte ages, byte j in bit j. */
const NEITHER = 16;
const agesCode = (bytes: Uint8Array, offset: number): number => {
  let code = 0;
  for (let j = 0; j < 4; j++) {
    const a = age(bytes[offset + j]!, j);
    if (a < 0) return NEITHER;
    code |= a << j;
  }
  return code;
};
const bit = (code: number, j: number) => (code >> j) & 1;
const word = (a: number) => (a ? 'new' : 'old');
const half = (code: number, j: number) =>
  bit(code, j) === bit(code, j + 1) ? word(bit(code, j)) : `torn (byte ${j} ${word(bit(code, j))}, byte ${j + 1} ${word(bit(code, j + 1))})`;

const params = {
  /** Instances per trial, one cell each: the litmus default (see experiments-litmus's README). */
  stride: 1024,
};
const batched = {
  params,
  instances: (p: typeof params) => p.stride,
  ops: (p: typeof params) => p.stride,
  /** 1,000 trials × 1,024 instances ≈ 1 million samples. */
  trials: 1000,
  tags: ['memory', 'mixed-size'],
};

/** 32-bit write, then a 16-bit read of bytes 0-1 and 8-bit reads of byte 2 and byte 3, in that order. */
const NAMES_32W = Array.from({ length: 17 }, (_, code) =>
  code === NEITHER ? 'a byte of neither' : `16-bit read ${half(code, 0)}, byte 2 ${word(bit(code, 2))}, byte 3 ${word(bit(code, 3))}`,
);

/** Consistent with one interleaving: the 16-bit read whole, and the reads' ages never going back (old… then new…). */
const interleaved32 = (code: number) => bit(code, 0) === bit(code, 1) && bit(code, 0) <= bit(code, 2) && bit(code, 2) <= bit(code, 3);

export const mixed32Write = defineExperiment({
  ...batched,
  id: 'memory/mixed-32-write-8-16-read',
  title: 'Mixed sizes: a 32-bit Atomics write seen by 16-bit and 8-bit Atomics reads',
  description:
    'One worker replaces a 32-bit value with Atomics.store; the other reads bytes 0-1 with one 16-bit Atomics.load, ' +
    'then byte 2 and byte 3 with 8-bit loads. Old bytes then new bytes is what an interleaving gives. The memory ' +
    'model also allows a torn 16-bit read and a later read seeing older bytes than an earlier one, since mixed-size ' +
    'Atomics neither tear-free-read nor synchronize with each other: those are interesting. A byte neither old nor ' +
    'new is forbidden.',
  outcomeNames: NAMES_32W,
  outcomeLabel: 'age of each byte the reads saw',
  memory: (p) => ({
    cells: i32Array(p.stride, OLD),
    halves: view('cells', u16Array(2 * p.stride)),
    bytes: view('cells', u8Array(4 * p.stride)),
    low: u16Array(p.stride),
    lowBytes: view('low', u8Array(2 * p.stride)),
    byte2: u8Array(p.stride),
    byte3: u8Array(p.stride),
  }),
  actors: [
    ({ memory: { cells }, params: { stride } }) => {
      // A 4-byte seq-cst write; the readers' ranges differ from it, so nothing here orders or tear-proofs their reads.
      for (let i = 0; i < stride; i++) Atomics.store(cells, i, NEW);
    },
    ({ memory: { halves, bytes, low, byte2, byte3 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        // Three seq-cst reads in program order; each may still take any byte from either write (unequal ranges).
        low[i] = Atomics.load(halves, 2 * i);
        byte2[i] = Atomics.load(bytes, 4 * i + 2);
        byte3[i] = Atomics.load(bytes, 4 * i + 3);
      }
    },
  ],
  outcome: ({ memory: { lowBytes, byte2, byte3 }, instance: i }) => {
    const a0 = age(lowBytes[2 * i]!, 0);
    const a1 = age(lowBytes[2 * i + 1]!, 1);
    const a2 = age(byte2[i]!, 2);
    const a3 = age(byte3[i]!, 3);
    return a0 < 0 || a1 < 0 || a2 < 0 || a3 < 0 ? NEITHER : a0 | (a1 << 1) | (a2 << 2) | (a3 << 3);
  },
  expect: { forbidden: (code) => code === NEITHER, acceptable: interleaved32, otherwise: 'interesting' },
  measure: { label: 'interesting per million reads', unit: 'number', of: (code) => (code !== NEITHER && !interleaved32(code) ? 1e6 : 0) },
});

/** Two 16-bit writes (bytes 0-1, then bytes 2-3), one 32-bit read. */
const NAMES_16W = Array.from({ length: 17 }, (_, code) =>
  code === NEITHER ? 'a byte of neither' : `first-written half ${half(code, 0)}, second half ${half(code, 2)}`,
);
/** All old, all new, or between the two writes: first half new, second old. */
const interleaved16 = (code: number) => code === 0b0000 || code === 0b1111 || code === 0b0011;

export const mixed16Write = defineExperiment({
  ...batched,
  id: 'memory/mixed-16-write-32-read',
  title: 'Mixed sizes: two 16-bit Atomics writes seen by one 32-bit Atomics read',
  description:
    'One worker writes the two halves of a 32-bit cell with two 16-bit Atomics.store calls, first bytes 0-1, then ' +
    'bytes 2-3; the other reads the whole cell with one 32-bit Atomics.load. All old, all new, or new first half and ' +
    'old second half are what an interleaving gives. The memory model does not make a 32-bit read of 16-bit writes ' +
    'tear-free nor ordered, so a new second half with an old first half, or a half torn within, is interesting; a ' +
    'byte neither old nor new is forbidden.',
  outcomeNames: NAMES_16W,
  outcomeLabel: 'age of each half the 32-bit read saw',
  memory: (p) => ({
    cells: i32Array(p.stride, OLD),
    halves: view('cells', u16Array(2 * p.stride)),
    read: i32Array(p.stride),
    readBytes: view('read', u8Array(4 * p.stride)),
  }),
  actors: [
    ({ memory: { halves }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) {
        // Two seq-cst 16-bit writes in program order; a 32-bit read has a different range, so this order is not promised to it.
        Atomics.store(halves, 2 * i, NEW_FIRST);
        Atomics.store(halves, 2 * i + 1, NEW_SECOND);
      }
    },
    ({ memory: { cells, read }, params: { stride } }) => {
      // One seq-cst 32-bit read per cell: tear-free only against 32-bit writes (here, the initial value alone).
      for (let i = 0; i < stride; i++) read[i] = Atomics.load(cells, i);
    },
  ],
  outcome: ({ memory: { readBytes }, instance: i }) => agesCode(readBytes, 4 * i),
  expect: { forbidden: (code) => code === NEITHER, acceptable: interleaved16, otherwise: 'interesting' },
  measure: { label: 'interesting per million reads', unit: 'number', of: (code) => (code !== NEITHER && !interleaved16(code) ? 1e6 : 0) },
});
