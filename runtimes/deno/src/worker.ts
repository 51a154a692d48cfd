/** Deno worker entry: connects the worker's global scope to core's trial loop. */
import { runInThisContext } from 'node:vm';
import { type FromWorker, type WebWorkerScope, serveWorker, webWorkerPort } from '@racelab/core';

// The types that `deno types` prints are the main thread's (there `self` is a
// Window); Deno's worker declarations (lib.deno.worker) exist only inside
// Deno's own checker, not for tsc. So the worker's global scope is cast to
// the part of it that core uses.
const scope = self as unknown as WebWorkerScope;

// Deno.exit() in a worker ends that worker silently (Deno 2.9: no event
// reaches the parent), which would look like a hang: say so first.
const exit = Deno.exit;
Deno.exit = ((code?: number) => {
  scope.postMessage({ type: 'closed', how: `Deno.exit(${code ?? ''})` } satisfies FromWorker, []);
  return exit(code ?? 0);
}) as typeof Deno.exit;

// node:vm runs a test262 script as a script (Deno implements it, with no permission).
serveWorker({ ...webWorkerPort(scope), evaluateScript: (source) => runInThisContext(source) });
