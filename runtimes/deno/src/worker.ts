/** Deno worker entry: connects the worker's global scope to core's trial loop. */
import { type FromWorker, type WebWorkerScope, serveWorker, webWorkerPort } from '@racelab/core';

// Deno.exit() in a worker ends that worker silently (Deno 2.9: no event
// reaches the parent), which would look like a hang: say so first.
const exit = Deno.exit;
Deno.exit = ((code?: number) => {
  self.postMessage({ type: 'closed', how: `Deno.exit(${code ?? ''})` } satisfies FromWorker);
  return exit(code ?? 0);
}) as typeof Deno.exit;

serveWorker(webWorkerPort(self as unknown as WebWorkerScope));
