/** The Bun adapter: Bun's Web Workers, driven by core's engine. */
import { type Adapter, startWebWorker } from '@racelab/core';

/** Creates the Bun adapter. */
export function createBunAdapter(): Adapter {
  return {
    // Bun does not expose a JavaScriptCore version; its revision pins the WebKit build it ships.
    runtime: { id: 'bun', version: Bun.version, engine: `JavaScriptCore (bun ${Bun.revision.slice(0, 9)})` },
    workerUrl: new URL('./worker.js', import.meta.url).href,
    startWorker: startWebWorker,
    cores: () => navigator.hardwareConcurrency,
  };
}
