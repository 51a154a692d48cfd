import { describe, expect, it } from 'vitest';
import { type AnyExperiment, defineExperiment } from './experiment.js';
import { dataView, i32, i32Array, u32Array, u64 } from './cells.js';
import { sharedBuffer } from './shared-buffer.js';
import { view } from './view.js';
import type { RegionSpec } from './layout.js';
import { validateExperiment, validateExperiments } from './validate.js';

const good = defineExperiment({
  id: 'group/good',
  title: 'A valid experiment',
  params: { n: 10, name: 'x', on: true },
  memory: (p) => ({ count: i32(), cells: i32Array(p.n) }),
  actors: [() => {}],
  outcome: () => 0,
  expect: { exactly: 0 },
});

const withField = (fields: Record<string, unknown>) => ({ ...good, ...fields }) as AnyExperiment;
const region = (byteLength: number, align: number): RegionSpec<null> => ({ kind: 'raw', byteLength, align, create: () => null });

describe('validateExperiment', () => {
  it('finds nothing wrong with a valid definition', () => {
    expect(validateExperiment(good)).toEqual([]);
  });

  it('accepts bigint params and outcomes, views over their region and buffers of their own', () => {
    const memory = { cell: u64(), halves: view('cell', u32Array(2)), bytes: view('cell', dataView(8)), ring: sharedBuffer(64), x: i32() };
    expect(validateExperiment(withField({ params: { pattern: 5n }, memory, expect: { exactly: 5n } }))).toEqual([]);
  });

  it.each([
    ['no actors', { actors: [] }, 'actors', /at least one actor function: received \[\]/],
    ['an actor that is not a function', { actors: [() => {}, 3] }, 'actors[1]', /must be a function: received 3/],
    ['a param of the wrong type', { params: { n: 10, bad: [1, 2] } }, 'params.bad', /finite number, a string or a boolean: received \[1,2\]/],
    ['a param that is not finite', { params: { n: Number.POSITIVE_INFINITY } }, 'params.n', /received Infinity/],
    ['a misaligned region', { memory: { odd: region(12, 6) } }, 'memory.odd', /misaligned: its align must be a power of two: received 6/],
    ['a region of negative size (it would overlap the next)', { memory: { a: region(-64, 4) } }, 'memory.a', /invalid byteLength: received -64/],
    ['a view of a region that does not exist', { memory: { cell: u64(), halves: view('cel', u32Array(2)) } }, 'memory', /view of cel as the layout has no such region: valid regions are cell/],
    ['a misaligned view', { memory: { cell: u64(), halves: view('cell', u32Array(1), 2) } }, 'memory', /at byte 2: needs 4-byte alignment/],
    ['a region that requires an unknown capability', { memory: { a: { ...region(4, 4), requires: ['teleport'] } } }, 'memory.a', /requires an unknown capability: received "teleport"; known are float16Array, growableSharedArrayBuffer/],
    ['a layout function that throws', { memory: () => { throw new Error('no'); } }, 'memory', /threw for the default params: no/],
    ['an expect that classifies nothing', { expect: {} }, 'expect', /classifies nothing/],
    ['a predicate that is not a function', { expect: { forbidden: true } }, 'expect.forbidden', /predicate function: received true/],
    ['an unknown otherwise', { expect: { otherwise: 'maybe' } }, 'expect.otherwise', /received "maybe"/],
    ['an id with spaces', { id: 'my experiment' }, 'id', /without spaces/],
    ['zero trials', { trials: 0 }, 'trials', /positive integer: received 0/],
    ['a tally that is not a function', { tally: 'fast', outcomeNames: ['a'] }, 'tally', /must be a function: received "fast"/],
    ['a tally without outcome names', { tally: () => {} }, 'tally', /counts codes: it needs outcomeNames/],
  ])('names the field of %s', (_, fields, field, message) => {
    expect(validateExperiment(withField(fields))).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});

describe('validateExperiments', () => {
  it('names ids defined twice in one plugin, and each problem with its experiment', () => {
    expect(validateExperiments([good, withField({ title: 'again' }), withField({ id: 'group/other', actors: [] })])).toEqual([
      "experiment 'group/good': id: is defined twice",
      "experiment 'group/other': actors: must list at least one actor function: received []",
    ]);
  });
});
