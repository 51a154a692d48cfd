/** The worker_threads adapter: how core's engine starts and talks to workers on Node. */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Adapter, FromWorker, WorkerHandle, WorkerListener } from '@racelab/core';

/** Creates the Node adapter. */
export function createNodeAdapter(): Adapter {
  return {
    runtime: { id: 'node', version: process.versions.node, engine: `V8 ${process.versions.v8}` },
    workerUrl: new URL('./worker.js', import.meta.url).href,
    startWorker: startNodeWorker,
    cores,
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

/**
 * The cores this process may use. `os.availableParallelism` (Node 18.14 on)
 * counts the CPU affinity; before it, every CPU (read through the namespace:
 * a named import of a missing export fails the whole module on old Node).
 */
function cores(): number {
  const available = (os as { availableParallelism?: () => number }).availableParallelism;
  return typeof available === 'function' ? available() : os.cpus().length;
}
