/** Litmus tests of the JavaScript memory model, each with plain accesses and with Atomics. */
import { corrAtomics, corrPlain } from './corr.js';
import { iriwAtomics, iriwPlain } from './iriw.js';
import { lbAtomics, lbPlain } from './lb.js';
import { mpAtomics, mpMixed, mpPlain } from './mp.js';
import { racyRmwAtomics, racyRmwPlain } from './racy-rmw.js';
import { sbAtomics, sbPlain } from './sb.js';
import { terminationAtomics, terminationPlain } from './termination.js';
import { twoPlusTwoWAtomics, twoPlusTwoWPlain } from './two-plus-two-w.js';

export default [
  sbPlain,
  sbAtomics,
  mpPlain,
  mpAtomics,
  mpMixed,
  lbPlain,
  lbAtomics,
  corrPlain,
  corrAtomics,
  twoPlusTwoWPlain,
  twoPlusTwoWAtomics,
  racyRmwPlain,
  racyRmwAtomics,
  iriwPlain,
  iriwAtomics,
  terminationPlain,
  terminationAtomics,
];
export { expectByName, outcomeNames } from './outcomes.js';
