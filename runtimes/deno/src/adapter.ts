/** The Deno adapter: Deno's Web Workers, driven by core's engine. */
import { type Adapter, startWebWorker } from '@racelab/core';

/** Creates the Deno adapter. */
export function createDenoAdapter(): Adapter {
  return {
    runtime: { id: 'deno', version: Deno.version.deno, engine: `V8 ${Deno.version.v8}` },
    workerUrl: new URL('./worker.js', import.meta.url).href,
    startWorker: startWebWorker,
    cores: () => navigator.hardwareConcurrency,
  };
}
