/** Node worker entry: connects worker_threads' parent port to core's trial loop. */
import { runInThisContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { type ToWorker, serveWorker } from '@racelab/core';

const port = parentPort!;
serveWorker({
  post: (message, transfer) => port.postMessage(message, transfer as never),
  onMessage: (handler) => port.on('message', (message: ToWorker) => handler(message)),
  evaluateScript: (source) => runInThisContext(source),
});
