/**
 * The outcome functions of generated litmus tests, called directly on memory
 * written here: what they read back, and when. (On real workers, the catalog
 * runs in litmus.test.ts.)
 */
import { type AnyExperiment, allocateBuffers, createMemory, layoutOf, placeLayout } from '@racelab/core';
import * as catalog from '@racelab/experiments-litmus/catalog';
import { describe, expect, it } from 'vitest';
import { FINAL_CHECK_EVERY } from '../src/generate.js';

const experiment = (id: string) => Object.values(catalog as Record<string, AnyExperiment>).find((e) => e.id === id)!;

/** The outcome's name (or the unlisted key it returned) for one instance whose cells hold `cells`, in trial `trial`. */
function observe(id: string, cells: Record<string, number>, trial: number): string {
  const e = experiment(id);
  const memory = Object.fromEntries(Object.entries(cells).map(([name, value]) => [name, Int32Array.of(value)]));
  const o = e.outcome!({ memory, params: {}, actor: 0, trial, instance: 0, align: () => {} } as never);
  return typeof o === 'number' ? e.outcomeNames![o]! : String(o);
}

describe('a generated outcome function', () => {
  it('reads the registers in every trial', () => {
    for (const trial of [0, 1, 7]) {
      expect(observe('litmus/sb+plain', { reg_0_r0: 0, reg_1_r1: 0, loc_x: 1, loc_y: 1 }, trial)).toBe('0:r0=0; 1:r1=0; x=1; y=1');
      expect(observe('litmus/sb+plain', { reg_0_r0: 5, reg_1_r1: 0, loc_x: 1, loc_y: 1 }, trial)).toBe('0:r0=5; 1:r1=0; x=1; y=1');
    }
  });

  it(`reads back final values every outcome shares in every ${FINAL_CHECK_EVERY}th trial: a lost store shows there`, () => {
    // Store buffering: x=1 and y=1 in every outcome. A lost store to x leaves 0.
    const lost = { reg_0_r0: 1, reg_1_r1: 0, loc_x: 0, loc_y: 1 };
    expect(observe('litmus/sb+plain', lost, 0)).toBe('0:r0=1; 1:r1=0; x=0; y=1');
    expect(observe('litmus/sb+plain', lost, FINAL_CHECK_EVERY * 3)).toBe('0:r0=1; 1:r1=0; x=0; y=1');
    // Not read in the trials between: the outcome is named by its registers.
    expect(observe('litmus/sb+plain', lost, 1)).toBe('0:r0=1; 1:r1=0; x=1; y=1');
    // An outcome nobody lists is forbidden by the ECMAScript model.
    expect(experiment('litmus/sb+plain').expect.forbidden!('0:r0=1; 1:r1=0; x=0; y=1' as never, {} as never)).toBe(true);
  });

  it('reads final values that differ between outcomes in every trial (2+2W)', () => {
    for (const trial of [0, 1, 5]) {
      expect(observe('litmus/2+2w+plain', { loc_x: 1, loc_y: 1 }, trial)).toBe('x=1; y=1');
      expect(observe('litmus/2+2w+plain', { loc_x: 7, loc_y: 1 }, trial)).toBe('x=7; y=1');
    }
  });
});

/** Memory for `instances` instances of `e`, every element a value drawn from `pool` (as a bigint where the array holds them). */
function randomMemory(e: AnyExperiment, instances: number, pool: readonly number[], random: () => number) {
  const params = { ...e.params, stride: instances };
  const layout = layoutOf(e, params);
  const placement = placeLayout(layout);
  const memory = createMemory(layout, new SharedArrayBuffer(placement.byteLength), placement, allocateBuffers(placement)) as Record<string, ArrayLike<unknown> & Record<number, unknown>>;
  for (const array of Object.values(memory)) {
    const big = array instanceof BigInt64Array || array instanceof BigUint64Array;
    for (let k = 0; k < array.length; k++) {
      const v = pool[Math.floor(random() * pool.length)]!;
      array[k] = big ? BigInt.asUintN(64, BigInt(v)) : v;
    }
  }
  return { memory, params };
}

describe('a generated tally', () => {
  it('counts every instance as the outcome function names it, in every catalog test (values in and out of the tables, check trials and others)', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Values the catalog's outcomes use, and some no outcome has.
    const pool = [0, 1, 2, 3, 4, 5, 7, -1, 65536, 131074, 131075, 65537, 256, 257];
    const tests = Object.values(catalog as Record<string, AnyExperiment>).filter((e) => e.tally);
    expect(tests.length).toBeGreaterThanOrEqual(60);
    for (const e of tests) {
      for (const trial of [0, 1, 16, 33]) {
        const { memory, params } = randomMemory(e, 200, random() < 0.5 ? pool.slice(0, 4) : pool, random);
        const ctx = { memory, params, actor: 0, trial, instance: 0, align: () => {} };
        const names = e.outcomeNames as readonly string[];
        const expected = new Map<unknown, number>();
        for (let i = 0; i < 200; i++) {
          ctx.instance = i;
          const o = e.outcome(ctx as never);
          const key = typeof o === 'number' ? names[o] : o;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const counts = new Float64Array(names.length);
        const counted = new Map<unknown, number>();
        e.tally!(ctx as never, 200, counts, (o: unknown) => counted.set(o, (counted.get(o) ?? 0) + 1));
        counts.forEach((n, code) => n > 0 && counted.set(names[code], n));
        expect(counted, `${e.id}, trial ${trial}`).toEqual(expected);
      }
    }
  });
});
