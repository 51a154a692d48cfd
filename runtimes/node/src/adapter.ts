/** The worker_threads adapter: how core's engine starts and talks to workers on Node. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Adapter, FromWorker, WorkerHandle, WorkerListener } from '@racelab/core';

/** Creates the Node adapter. */
export function createNodeAdapter(): Adapter {
  return {
    runtime: { id: 'node', version: process.versions.node, engine: `V8 ${process.versions.v8}` },
    workerUrl: new URL('./worker.js', import.meta.url).href,
    startWorker: startNodeWorker,
    cores: availableParallelism,
  };
}

function startNodeWorker(url: string): WorkerHandle {
  const worker = new Worker(new URL(url));
  let listener: WorkerListener | undefined;
  worker.on('message', (message: FromWorker) => listener?.message(message));
  worker.on('error', (error: Error) => listener?.error(`${error.name}: ${error.message}`, error.stack));
  worker.on('exit', (code) => listener?.exit(code));
  return {
    post: (message) => worker.postMessage(message),
    listen: (next) => {
      listener = next;
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}
