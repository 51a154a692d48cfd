/**
 * What every batched litmus test shares: `stride` independent instances of
 * the test (separate cells) that each actor sweeps between two
 * synchronisation points, so one trial yields `stride` samples, counted by
 * outcome code.
 */
import { i32Array } from '@racelab/core';

/** Parameters of every batched litmus test. */
export const LITMUS_PARAMS = {
  /**
   * Instances per trial. Tuning choice, measured (see README.md): longer
   * strides sample faster (4,096: 76 M/s on node) but the two sweeps drift
   * apart and the weak outcomes vanish; 1,024 keeps both.
   */
  stride: 1024,
} as const;

type Stride = { readonly stride: number };

/** The fields a batched test with these outcome names has in common. */
export function batched(outcomeNames: readonly string[]) {
  return {
    params: LITMUS_PARAMS,
    instances: (p: Stride) => p.stride,
    outcomeNames,
    ops: (p: Stride) => p.stride,
    /** Trials unless the command line says otherwise: 2,000 × 1,024 ≈ 2 million samples. */
    trials: 2000,
    tags: ['litmus'],
  };
}

/** One Int32 array of `stride` cells: one cell per instance. */
export const perInstance = (p: Stride) => i32Array(p.stride);
