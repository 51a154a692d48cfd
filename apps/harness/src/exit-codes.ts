import type { ResultDocument } from '@racelab/core';

/** What `racelab` exits with. */
export const EXIT = {
  /** Every experiment passed (or was skipped). */
  OK: 0,
  /** A forbidden outcome was seen. */
  FORBIDDEN: 1,
  /** The command line was wrong. */
  USAGE: 2,
  /** A runtime, a host or an experiment failed (error or timeout). */
  FAULT: 3,
  /** The run was interrupted (SIGINT or SIGTERM); the finished results were written. 128 + SIGINT, as shells do. */
  INTERRUPTED: 130,
} as const;

/**
 * 1 if a forbidden outcome was seen (a test failed); else 3 if anything failed
 * to run; else 0. A test an expectations file lists as a known failure here
 * (`racelab test262 --expectations`) counts as expected, in `merge` too.
 */
export function exitCodeOf(documents: readonly ResultDocument[]): number {
  const verdicts = documents.flatMap((d) => d.experiments.filter((e) => e.test262?.knownFailure === undefined).map((e) => e.verdict));
  if (verdicts.includes('fail')) return EXIT.FORBIDDEN;
  if (verdicts.some((v) => v === 'error' || v === 'timeout')) return EXIT.FAULT;
  if (documents.some((d) => d.incomplete)) return EXIT.FAULT;
  return EXIT.OK;
}
