/** Browser worker entry: connects a dedicated Web Worker's scope to core's trial loop. */
import { type WebWorkerScope, serveWorker, webWorkerPort } from '@racelab/core';

serveWorker(webWorkerPort(self as unknown as WebWorkerScope));
