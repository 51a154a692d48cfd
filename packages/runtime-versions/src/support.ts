/**
 * The oldest version of each runtime that racelab's host runs on, found by
 * running the suites on it (lesson, primitives, memory, locks and litmus
 * store/message passing, on Linux x64): older versions are refused before any
 * download, with the reason.
 */
import type { VersionedRuntime } from './platforms.js';

export interface OldestSupported {
  readonly version: string;
  /** What the versions before it lack. */
  readonly why: string;
}

export const OLDEST_SUPPORTED: Readonly<Record<VersionedRuntime, OldestSupported>> = {
  // 16.0.0 runs every experiment (the growable-buffer one is skipped: a
  // capability it lacks). The host avoids what came later in 16.x and after:
  // node:stream/consumers (16.7), Object.hasOwn (16.9), os.availableParallelism (18.14).
  node: { version: '16.0.0', why: 'the Node host needs worker_threads, SharedArrayBuffer and Atomics.wait in workers and ESM with top-level await, as Node has them from 16 on' },
  // 1.46.0 is the first Deno published on the npm registry.
  deno: { version: '1.46.0', why: 'Deno publishes its binaries on the npm registry from 1.46.0 on' },
  // Checked one by one: 1.0.0 to 1.0.11 print their help instead of running
  // the host (they do not take --no-install --no-env-file --no-orphans), and
  // 1.0.12 to 1.0.15 fail to read a piped stdin (ESPIPE).
  bun: { version: '1.0.16', why: 'Bun before 1.0.16 cannot start the host (1.0.0-1.0.11 answer its flags with their help, 1.0.12-1.0.15 cannot read a piped stdin)' },
};
