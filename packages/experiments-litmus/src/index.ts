/**
 * The hand-written litmus tests that the litmus format cannot express yet:
 * termination (spin loops). The catalog's tests are generated from litmus
 * files into `@racelab/experiments-litmus/catalog`.
 */
import { terminationAtomics, terminationPetersonAtomics, terminationPetersonPlain, terminationPlain } from './termination.js';

export default [terminationPlain, terminationAtomics, terminationPetersonPlain, terminationPetersonAtomics];
