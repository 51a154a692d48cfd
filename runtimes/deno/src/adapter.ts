/** The Deno adapter: Deno's Web Workers, driven by core's engine. */
import { type Adapter, startWebWorker } from '@racelab/core';

/** Creates the Deno adapter. */
export function createDenoAdapter(): Adapter {
  return {
    runtime: { id: 'deno', version: Deno.version.deno, engine: `V8 ${Deno.version.v8}` },
    workerUrl: new URL('./worker.js', import.meta.url).href,
    startWorker: startWebWorker,
    cores: () => navigator.hardwareConcurrency,
    // Seen with deno 2.9.6: a terminated worker in `for (;;) {}` keeps its core busy until the process ends.
    terminateLeavesBusyWorkers: "Deno's worker.terminate() does not stop a worker busy in a loop",
  };
}
