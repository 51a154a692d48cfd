/** Deno worker entry: connects the worker's global scope to core's trial loop. */
import { type WebWorkerScope, serveWorker, webWorkerPort } from '@racelab/core';

serveWorker(webWorkerPort(self as unknown as WebWorkerScope));
