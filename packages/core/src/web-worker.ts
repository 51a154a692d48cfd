/**
 * Web Workers, as Deno, Bun and browsers provide them: one handle factory for
 * the coordinator side and one port for the worker side, so that each of those
 * adapters only names its runtime. Type-checked against DOM types only; nothing
 * here runs at import time, so Node can import core without a `Worker` global.
 */
import type { WorkerHandle, WorkerListener } from './adapter.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { WorkerPort } from './worker.js';

/**
 * Starts a module worker from `url` with the global `Worker` constructor and
 * wraps it as core's {@link WorkerHandle}.
 *
 * @example
 * ```ts
 * const adapter = { ...rest, startWorker: startWebWorker };
 * ```
 */
export function startWebWorker(url: string, type: 'module' | 'classic' = 'module'): WorkerHandle {
  const worker = new Worker(url, { type });
  let listener: WorkerListener | undefined;
  worker.onmessage = (event: MessageEvent<FromWorker>) => listener?.message(event.data);
  worker.onerror = (event: ErrorEvent) => {
    // Handled here: Deno rethrows an unhandled worker error in the parent,
    // which would end the whole host instead of this one experiment.
    event.preventDefault();
    listener?.error(errorText(event), stackOf(event.error));
  };
  worker.onmessageerror = () => listener?.error('a message from the worker could not be deserialized');
  // Not a standard Worker event: Bun emits `close` when a worker ends (with
  // its exit code); Deno and browsers never do, so they only report errors.
  worker.addEventListener('close', (event) => listener?.exit(exitCodeOf(event)));
  return {
    post: (message: ToWorker) => worker.postMessage(message),
    listen: (next) => {
      listener = next;
    },
    terminate: async () => {
      // Returns at once everywhere: the worker's thread is asked to stop. Bun
      // and browsers then stop even a busy loop; Deno 2.9 does not (its host
      // exits explicitly instead; see runtimes/deno/src/host.ts).
      worker.terminate();
    },
  };
}

/** The part of a dedicated worker's global scope that racelab uses. */
export interface WebWorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => unknown) | null;
  close?(): void;
}

/**
 * Connects a Web Worker's global scope to core's worker loop.
 *
 * @example
 * ```ts
 * serveWorker(webWorkerPort(self as unknown as WebWorkerScope));
 * ```
 */
export function webWorkerPort(scope: WebWorkerScope): WorkerPort {
  // A Web Worker that calls close() just stops: its parent gets no event (only
  // Bun sends one) and the experiment would end as a timeout with no reason.
  // Say so first; messages already posted are still delivered after close().
  const close = scope.close?.bind(scope);
  if (close) {
    scope.close = () => {
      scope.postMessage({ type: 'closed', how: 'close()' } satisfies FromWorker, []);
      close();
    };
  }
  return {
    post: (message, transfer) => scope.postMessage(message, transfer ?? []),
    onMessage: (handler) => {
      scope.onmessage = (event: MessageEvent<ToWorker>) => handler(event.data);
    },
  };
}

function errorText(event: ErrorEvent): string {
  const error: unknown = event.error;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (event.message) return event.message;
  if (error !== undefined && error !== null) return String(error);
  // Browsers fire a bare Event with neither when the worker's script cannot load.
  return 'the worker failed without a message (its script may have failed to load)';
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}

function exitCodeOf(event: Event): number | null {
  const code = (event as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}
