/** Every kind of shared memory: 64-bit tearing, mixed-size Atomics, growable buffers. */
import { growableGrowth } from './growable.js';
import { mixed16Write, mixed32Write } from './mixed-size.js';
import { tearBigInt64Atomics, tearBigInt64Plain, tearDataViewUnaligned, tearFloat64Plain } from './tearing.js';

export default [
  tearFloat64Plain,
  tearBigInt64Plain,
  tearDataViewUnaligned,
  tearBigInt64Atomics,
  mixed32Write,
  mixed16Write,
  growableGrowth,
];
