/**
 * Browser host entry, loaded by index.html: fetches the session, runs core's
 * engine with Web Workers, and hands every event line to the Node side through
 * page bindings. The main thread only coordinates: it never blocks.
 */
import { type Adapter, startWebWorker } from '@racelab/core';
import { eventLine, runHostWithPlan } from '@racelab/core/host';
import type { PageBindings, PageSession } from '../session.js';
import { startWindowRealm } from './window-realm.js';

const bindings = window as unknown as Window & PageBindings;
let seq = 0;
const writeLine = (line: string) => void bindings.racelabEmit(seq++, line);

let code: number;
try {
  const response = await fetch(new URL('./session.json', import.meta.url));
  if (!response.ok) throw new Error(`Cannot load the session as session.json answered ${response.status}`);
  const session = (await response.json()) as PageSession;
  const scriptWorkerUrl = new URL('./script-worker.js', import.meta.url).href;
  const adapter: Adapter = {
    runtime: session.runtime,
    workerUrl: new URL('./worker.js', import.meta.url).href,
    scriptWorkerUrl,
    startWorker: (url) => startWebWorker(url, url === scriptWorkerUrl ? 'classic' : 'module'),
    startWindowRealm,
    cores: () => navigator.hardwareConcurrency,
  };
  code = await runHostWithPlan(adapter, session.plan, writeLine);
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  writeLine(eventLine({ type: 'log', level: 'error', message: `The browser host failed: ${message}` }));
  code = 1;
}
void bindings.racelabExit(seq, code);
