/** Node worker entry: connects worker_threads' parent port to core's trial loop. */
import { parentPort } from 'node:worker_threads';
import { type ToWorker, serveWorker } from '@racelab/core';

const port = parentPort!;
serveWorker({
  post: (message, transfer) => port.postMessage(message, transfer as never),
  onMessage: (handler) => port.on('message', (message: ToWorker) => handler(message)),
});
