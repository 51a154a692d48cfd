/** What a verdict says about a run, defined once for every report and check. */
import type { Verdict } from './schema.js';

/**
 * Whether the run counted outcomes to its end: `pass` or `fail`. An `error`,
 * `timeout` or `skipped` run has no histogram or timing worth comparing.
 */
export function ran(verdict: Verdict): boolean {
  return verdict === 'pass' || verdict === 'fail';
}
