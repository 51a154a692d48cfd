/**
 * The oldest version of each runtime that racelab's host runs on, found by
 * running the lesson experiments on each (see the README): older versions
 * lack something the host or core needs, and are refused before any
 * download.
 */
import type { VersionedRuntime } from './platforms.js';

export interface OldestSupported {
  readonly version: string;
  /** What the versions before it lack. */
  readonly why: string;
}

export const OLDEST_SUPPORTED: Readonly<Record<VersionedRuntime, OldestSupported>> = {
  // Node 16.0.0 has worker_threads, SharedArrayBuffer and Atomics.wait in
  // workers, and `import.meta.resolve`-free ESM with top-level await; the host
  // falls back where later APIs are missing (os.availableParallelism: 18.14).
  node: { version: '16.0.0', why: 'the Node host needs ESM with top-level await, worker_threads, SharedArrayBuffer and Atomics.wait (Node 16)' },
  // The first Deno on the npm registry: older ones are not published there.
  deno: { version: '1.46.0', why: 'Deno publishes its binaries on the npm registry from 1.46.0 on' },
  // The first Bun release with a stable Worker and SharedArrayBuffer between workers.
  bun: { version: '1.0.0', why: 'Bun 1.0 is the first stable release' },
};
