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
