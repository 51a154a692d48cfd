/**
 * The hand-written litmus tests that the litmus format cannot express yet:
 * termination (a spin loop). The catalog's tests are generated from litmus
 * files into `@racelab/experiments-litmus/catalog`.
 */
import { terminationAtomics, terminationPlain } from './termination.js';

export default [terminationPlain, terminationAtomics];
