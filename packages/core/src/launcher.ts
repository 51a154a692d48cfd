/**
 * How a harness starts a host for one runtime, whatever the runtime is. Types
 * only: each runtime package implements it in its `launcher.ts`, and the
 * harness keeps a registry of them.
 */
import type { Plan, RuntimeId } from './schema.js';

/** Whether a runtime can run here; if not, why, and the command that installs it. */
export type Availability = { available: true } | { available: false; reason: string; install: string };

/** How a host ended. */
export interface HostEnd {
  readonly code: number | null;
  readonly signal: string | null;
  /** The last lines the host wrote to stderr, for error reports. */
  readonly stderr: string;
}

/** A running host: its event lines, its end, and a way to stop it. */
export interface HostSession {
  /** The NDJSON lines the host emits, in order; ends when the host does. */
  readonly lines: AsyncIterable<string>;
  readonly ended: Promise<HostEnd>;
  /** The host's main process (a browser's, for browsers), for tools and tests; undefined if none is known. */
  readonly pid: number | undefined;
  /** Stops the host and everything it started (workers, browser, server). Safe to call twice. */
  stop(): Promise<void>;
}

/** One runtime, as the harness sees it. */
export interface RuntimeLauncher {
  readonly id: RuntimeId;
  detect(): Promise<Availability>;
  /**
   * Whether the harness must start a fresh host after a `timeout` verdict or
   * a hung trial: for a runtime whose worker.terminate() cannot stop a
   * worker stuck in a loop, which would otherwise keep a core busy for the
   * rest of the run.
   */
  readonly restartAfterTimeout?: boolean;
  /** Starts a host that runs `plan` and emits events. */
  start(plan: Plan): Promise<HostSession>;
}
