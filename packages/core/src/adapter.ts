/**
 * The small live interface a runtime supplies so that core's engine can drive
 * workers there. Everything else (trial loop, barrier, histogram, statistics,
 * timeouts) is in core.
 */
import type { FromWorker, ToWorker } from './protocol.js';
import type { RuntimeInfo } from './schema.js';

/** What a worker reports to its coordinator. */
export interface WorkerListener {
  message(message: FromWorker): void;
  /** An uncaught error escaped the worker's code. */
  error(message: string, stack?: string): void;
  /** The worker stopped (it called exit or close, or crashed). */
  exit(code: number | null): void;
}

/** One live worker. */
export interface WorkerHandle {
  post(message: ToWorker): void;
  /** Replaces the listener; the engine sets one per run. */
  listen(listener: WorkerListener): void;
  /** Stops the worker, even one stuck in a busy loop or in `Atomics.wait`. */
  terminate(): Promise<void>;
}

/** A runtime, as core's engine sees it. */
export interface Adapter {
  readonly runtime: RuntimeInfo;
  /** The runtime's worker entry module, which calls `serveWorker`. */
  readonly workerUrl: string;
  /**
   * Where this runtime's module worker cannot run a classic script (a
   * browser's), the entry of a classic worker that can, for test262.
   */
  readonly scriptWorkerUrl?: string;
  /** Starts a worker from `url`: a module worker, or a classic one for `scriptWorkerUrl`. */
  startWorker(url: string): WorkerHandle;
  /**
   * Browsers: a fresh realm on the window's main thread, where Atomics.wait
   * cannot block, for test262's CanBlockIsFalse tests. It answers a test262
   * message as a worker would. Absent: every agent here can block.
   */
  startWindowRealm?(): WorkerHandle;
  /** Logical cores available to this runtime. */
  cores(): number;
  /**
   * Set, with the reason, when terminate() cannot stop a worker busy in a
   * loop (Deno): after a hung trial the experiment stops instead of going on
   * beside a worker that still spins, and the harness restarts the host.
   */
  readonly terminateLeavesBusyWorkers?: string;
}
