/** Bun worker entry: connects the worker's global scope to core's trial loop. */
import { runInThisContext } from 'node:vm';
import { type WebWorkerScope, serveWorker, webWorkerPort } from '@racelab/core';

// In a Bun worker, globalThis is the worker's global scope (the object `self`
// names). bun-types declares no `self` without the DOM lib, nor a worker scope
// type, so the scope is cast to the part that core uses, as for any Web Worker.
// node:vm runs a test262 script as a script (Bun implements it).
serveWorker({ ...webWorkerPort(globalThis as unknown as WebWorkerScope), evaluateScript: (source) => runInThisContext(source) });
