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

/**
 * The JIT tiers a run can force (`racelab run --tier`); without one a runtime
 * runs its default, every tier in turn as code gets hot.
 * - `interpreter`: no compiler at all;
 * - `baseline`: the baseline compiler at most (V8's Sparkplug, JavaScriptCore's
 *   Baseline JIT, SpiderMonkey's Baseline JIT), never an optimizing one;
 * - `optimizing`: every tier, with the thresholds for the optimizing compiler
 *   lowered so that hot code gets there after a call or two.
 */
export const TIERS = ['interpreter', 'baseline', 'optimizing'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * How a runtime is forced into each tier, in words a user can check (shown
 * by `racelab doctor`); a tier it cannot be forced into is absent, and a run
 * in that tier is `skipped`.
 */
export type TierSwitches = Readonly<Partial<Record<Tier, string>>>;

/** One runtime, as the harness sees it. */
export interface RuntimeLauncher {
  readonly id: RuntimeId;
  /**
   * The exact version this launcher runs when one was asked for
   * (`--runtime node@22` → `22.12.0`, a binary from racelab's cache); absent
   * for the runtime racelab finds by default.
   */
  readonly version?: string;
  detect(): Promise<Availability>;
  /** The switches for each tier this runtime can be forced into. */
  readonly tiers: TierSwitches;
  /**
   * Whether the harness must start a fresh host after a `timeout` verdict or
   * a hung trial: for a runtime whose worker.terminate() cannot stop a
   * worker stuck in a loop, which would otherwise keep a core busy for the
   * rest of the run.
   */
  readonly restartAfterTimeout?: boolean;
  /** Starts a host that runs `plan` and emits events, with its JavaScript held to `tier` if one is given. */
  start(plan: Plan, tier?: Tier): Promise<HostSession>;
}

/**
 * V8's switches for each tier, as V8 15 (Deno 2.9, Chromium 156) takes them:
 * `--max-opt` caps the tier (0 Ignition, 1 Sparkplug) and keeps WebAssembly,
 * which `--jitless` would remove; `optimizing` lowers the call counts to
 * TurboFan and turns Maglev off, since Maglev with these counts was seen to
 * hold a loop in Maglev code, slower than the interpreter. Measured in
 * workers: interpreter 24-55× slower than the default, baseline ~24×,
 * optimizing TurboFan at the second call.
 */
export const V8_TIER_FLAGS: Readonly<Record<Tier, readonly string[]>> = {
  interpreter: ['--max-opt=0'],
  baseline: ['--max-opt=1'],
  optimizing: [
    '--no-maglev',
    '--no-lazy-feedback-allocation',
    '--invocation-count-for-turbofan=1',
    '--invocation-count-for-osr=1',
    '--minimum-invocations-before-optimization=0',
    '--no-concurrent-recompilation',
  ],
};
