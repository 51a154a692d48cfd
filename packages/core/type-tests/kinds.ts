/**
 * Type-level tests of every kind of shared memory: each region's view type is
 * inferred, a view of a region that does not exist is a type error naming the
 * valid ones, and bigints are bigints. Checked by `tsc -p` in
 * experiment-types.test.ts, like typos.ts.
 */
import {
  dataView,
  defineExperiment,
  f16,
  f32Array,
  f64,
  i16,
  i64,
  i8Array,
  sharedBuffer,
  u16Array,
  u32,
  u32Array,
  u64,
  u8,
  view,
} from '@racelab/core';

export const everyKind = defineExperiment({
  id: 'types/every-kind',
  title: 'Every kind of shared memory',
  params: { pattern: 0x0123456789abcdefn, stride: 4 },
  memory: (p) => ({
    small: i8Array(p.stride),
    byte: u8(),
    short: i16(),
    shorts: u16Array(2),
    word: u32(),
    half: f16(),
    floats: f32Array(2),
    double: f64(),
    signed: i64(-1n),
    cell: u64(),
    halves: view('cell', u32Array(2)),
    bytes: view('cell', dataView(8)),
    raw: dataView(16),
    ring: sharedBuffer(64),
    log: sharedBuffer(0, { maxByteLength: 4096 }),
  }),
  actors: [
    ({ memory, params }) => {
      const a: Int8Array = memory.small;
      const b: Uint8Array = memory.byte;
      const c: Int16Array = memory.short;
      const d: Uint16Array = memory.shorts;
      const e: Uint32Array = memory.word;
      const f: Float16Array = memory.half;
      const g: Float32Array = memory.floats;
      const h: Float64Array = memory.double;
      const i: BigInt64Array = memory.signed;
      const j: BigUint64Array = memory.cell;
      const k: Uint32Array = memory.halves;
      const l: DataView = memory.bytes;
      const m: DataView = memory.raw;
      const n: SharedArrayBuffer = memory.ring;
      void [a, b, c, d, e, f, g, h, i, j, k, l, m, n];
      memory.cell[0] = params.pattern;
      Atomics.store(memory.signed, 0, -params.pattern);
      memory.log.grow(memory.log.byteLength + 64);
      // @ts-expect-error: a 64-bit cell holds a bigint, not a number
      memory.cell[0] = 5;
      // @ts-expect-error: a 32-bit view holds numbers, not bigints
      memory.halves[0] = 5n;
      // @ts-expect-error: a typo in a view's name
      void memory.halfs;
      // @ts-expect-error: a DataView is not an array
      void memory.bytes[0];
      // @ts-expect-error: a bigint param is not a number
      const stride: number = params.pattern;
      void stride;
    },
  ],
  outcome: ({ memory }) => memory.cell[0]!,
  expect: {
    interesting: (v, p) => v !== p.pattern,
    // @ts-expect-error: the outcome is a bigint, not a number
    forbidden: (v) => v.toFixed(1) === '0',
  },
});

defineExperiment({
  id: 'types/view-typo',
  title: 'A view of a region that does not exist',
  memory: {
    cell: u64(),
    // @ts-expect-error: there is no region 'cel' (the error names 'cell')
    halves: view('cel', u32Array(2)),
  },
  actors: [() => {}],
  outcome: () => 0,
  expect: { exactly: 0 },
});

defineExperiment({
  id: 'types/view-typo-in-function',
  title: 'A view of a region that does not exist, in a layout function',
  params: { n: 1 },
  // @ts-expect-error: there is no region 'cel' in what the function returns
  memory: () => ({ cell: u64(), halves: view('cel', u32Array(2)) }),
  actors: [() => {}],
  outcome: () => 0,
  expect: { exactly: 0 },
});

defineExperiment({
  id: 'types/bigint-exactly',
  title: 'A bigint outcome checked exactly',
  memory: { cell: i64(5n) },
  actors: [() => {}],
  outcome: ({ memory }) => memory.cell[0]!,
  expect: { exactly: 5n },
});

// @ts-expect-error: a 64-bit cell's initial value is a bigint
i64(5);
// @ts-expect-error: a 32-bit cell's initial value is a number
u32(5n);
