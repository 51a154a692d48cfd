/**
 * The worker side of racelab's test262 host: gives a test's main script, or
 * one of its agents, the `$262` that test262's INTERPRETING.md asks of a host
 * ("Host-Defined Functions"), then evaluates the script as global code.
 *
 * The main script runs in a worker too (a window may not block), and talks to
 * its agents through one shared control buffer, so that everything the spec
 * makes synchronous is: `start` and `broadcast` block in `Atomics.wait` until
 * the agents have answered, and `getReport` reads reports the agents wrote
 * into the buffer. The coordinator only starts agent workers and forwards
 * broadcasts (a SharedArrayBuffer travels only by postMessage).
 */
import { Mutex } from '../sync/mutex.js';
import type { FromWorker, ToTest262Worker } from '../protocol.js';

/** Int32 indexes in the control buffer. */
export const CONTROL = {
  /** Agents that have started running. */
  AGENTS_RUNNING: 0,
  /** Agents that have received the current broadcast. */
  RECEIVED: 1,
  /** The report queue's mutex. */
  REPORT_LOCK: 2,
  /** Where the next report goes; reports are appended, never overwritten. */
  REPORT_END: 3,
  /** The first cell of the report queue: each report is its length, then its UTF-16 code units. */
  REPORTS: 4,
} as const;

/** Room for about 64 K characters of reports per test: INTERPRETING.md asks for short messages. */
export const CONTROL_BYTES = 256 * 1024;

/** A fresh control buffer, ready for a test. */
export function createControl(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(CONTROL_BYTES);
  new Int32Array(buffer)[CONTROL.REPORT_END] = CONTROL.REPORTS;
  return buffer;
}

/** What the test262 side of a worker needs of its port (see WorkerPort). */
interface Port {
  post(message: FromWorker): void;
  evaluateScript?(source: string): unknown;
}

/** A feature the host or runtime may lack, and how to tell; any other feature is assumed present. */
const FEATURE_PROBES: Readonly<Record<string, () => boolean>> = {
  SharedArrayBuffer: () => typeof SharedArrayBuffer === 'function',
  Atomics: () => typeof Atomics === 'object',
  'Atomics.waitAsync': () => typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function',
  'Atomics.pause': () => typeof (Atomics as { pause?: unknown }).pause === 'function',
  BigInt: () => typeof BigInt === 'function',
  Float16Array: () => typeof (globalThis as { Float16Array?: unknown }).Float16Array === 'function',
  'resizable-arraybuffer': () => typeof (ArrayBuffer.prototype as { resize?: unknown }).resize === 'function',
  'arraybuffer-transfer': () => typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function',
  'immutable-arraybuffer': () => typeof (ArrayBuffer.prototype as { transferToImmutable?: unknown }).transferToImmutable === 'function',
  // Host hooks this host does not give.
  'cross-realm': () => false,
  IsHTMLDDA: () => false,
  'host-gc-required': () => typeof (globalThis as { gc?: unknown }).gc === 'function',
};

/** Why a test cannot run here, if one of its features is missing. */
export function missingFeature(features: readonly string[]): string | undefined {
  for (const feature of features) {
    const probe = FEATURE_PROBES[feature];
    if (probe && !probe()) {
      return feature === 'cross-realm' || feature === 'IsHTMLDDA'
        ? `the test needs the feature ${feature}, which racelab's host does not provide ($262.createRealm, $262.IsHTMLDDA)`
        : `the runtime lacks the feature ${feature}`;
    }
  }
  return undefined;
}

/**
 * Becomes a test's main script or agent, as `message` says, and returns the
 * handler for the messages that follow (the broadcasts, for an agent).
 */
export function serveTest262(port: Port, message: Extract<ToTest262Worker, { type: 'test262' }>): (next: ToTest262Worker) => void {
  const control = new Int32Array(message.control);
  const common = { report: reporter(message.control, control), sleep, monotonicNow: () => performance.now() };
  const global = globalThis as Record<string, unknown>;
  global.print = (...values: unknown[]) => port.post({ type: 'test262-print', text: values.map(String).join(' ') });
  // atomicsHelper.js keeps `$262.agent.setTimeout = setTimeout` and calls it
  // as a method of $262.agent; a browser's setTimeout, a WebIDL operation,
  // then throws "Illegal invocation". Bound to the global, it works anywhere.
  const timer = globalThis.setTimeout;
  global.setTimeout = (...args: Parameters<typeof setTimeout>) => timer.apply(globalThis, args);
  // A rejection nobody handles is an uncaught error as INTERPRETING.md means
  // it; Web Workers only log it, so it is posted (Node's workers end with it).
  (globalThis as { addEventListener?: (type: string, listener: (event: { reason: unknown }) => void) => void }).addEventListener?.(
    'unhandledrejection',
    (event) => port.post({ type: 'test262-threw', ...describeThrown(event.reason) }),
  );

  if (message.role === 'agent') {
    let onBroadcast: ((buffer: SharedArrayBuffer, id: unknown) => void) | undefined;
    global.$262 = {
      agent: {
        ...common,
        receiveBroadcast: (callback: typeof onBroadcast) => {
          onBroadcast = callback;
        },
        leaving: () => port.post({ type: 'test262-leaving' }),
      },
    };
    // Seq-cst add, then notify: `start` in the main script waits on this cell for it.
    Atomics.add(control, CONTROL.AGENTS_RUNNING, 1);
    Atomics.notify(control, CONTROL.AGENTS_RUNNING);
    evaluate(port, message.source, false);
    return (next) => {
      if (next.type !== 'test262-broadcast') return;
      // Counted before the callback runs (it may block): `broadcast` returns once every agent has the buffer.
      Atomics.add(control, CONTROL.RECEIVED, 1);
      Atomics.notify(control, CONTROL.RECEIVED);
      onBroadcast?.(next.buffer, next.id);
    };
  }

  const missing = missingFeature(message.features);
  if (missing) {
    port.post({ type: 'test262-skip', reason: missing });
    return () => {};
  }
  let agents = 0;
  let read: number = CONTROL.REPORTS;
  global.$262 = {
    global: globalThis,
    // Its completion value where the runtime gives one (node:vm); undefined in browsers (importScripts).
    evalScript: (source: string) => port.evaluateScript?.(source),
    detachArrayBuffer: (buffer: ArrayBuffer) => void structuredClone(buffer, { transfer: [buffer] }),
    ...(typeof global.gc === 'function' && { gc: global.gc }),
    agent: {
      ...common,
      start: (source: unknown) => {
        const before = Atomics.load(control, CONTROL.AGENTS_RUNNING);
        port.post({ type: 'test262-start', source: String(source) });
        // "Will block until that agent is running": the agent's add and notify end this wait.
        waitWhile(control, CONTROL.AGENTS_RUNNING, (value) => value === before);
        agents++;
      },
      broadcast: (buffer: SharedArrayBuffer, id?: unknown) => {
        Atomics.store(control, CONTROL.RECEIVED, 0);
        port.post({ type: 'test262-broadcast', buffer, id });
        // "Blocks until all agents have retrieved the message".
        waitWhile(control, CONTROL.RECEIVED, (value) => value < agents);
      },
      getReport: () => {
        // Seq-cst load of the end: the cells of every report before it were written before it was stored.
        if (Atomics.load(control, CONTROL.REPORT_END) <= read) return null;
        const length = control[read]!;
        let text = '';
        for (let i = 1; i <= length; i++) text += String.fromCharCode(control[read + i]!);
        read += 1 + length;
        return text;
      },
    },
  };
  evaluate(port, message.source, true);
  return () => {};
}

/** Runs `source` as a script, as test262 tests are run, and says how it ended. */
function evaluate(port: Port, source: string, main: boolean): void {
  try {
    if (!port.evaluateScript) throw new Error('this worker cannot run a classic script (racelab started the wrong worker entry for test262)');
    port.evaluateScript(source);
  } catch (error) {
    port.post({ type: 'test262-threw', ...describeThrown(error) });
    return;
  }
  if (main) port.post({ type: 'test262-evaluated' });
}

/** The thrown value's constructor name (test262's `negative.type` is one; Test262Error has no `name`) and text. */
export function describeThrown(error: unknown): { name: string | undefined; message: string } {
  if (typeof error === 'object' && error !== null) {
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    let message: string;
    try {
      message = String(error);
    } catch {
      message = Object.prototype.toString.call(error);
    }
    return { name: typeof name === 'string' ? name : undefined, message };
  }
  return { name: undefined, message: `${typeof error === 'string' ? error : String(error)} (a thrown ${typeof error})` };
}

/** Appends reports to the shared queue; any agent may call it at any time, so the queue has a lock. */
function reporter(buffer: SharedArrayBuffer, control: Int32Array): (message: unknown) => void {
  const lock = new Mutex(buffer, CONTROL.REPORT_LOCK * 4);
  return (message) => {
    const text = String(message);
    lock.lock();
    try {
      const end = control[CONTROL.REPORT_END]!;
      const next = end + 1 + text.length;
      if (next > control.length) throw new RangeError(`$262.agent.report: the reports of this test exceed ${CONTROL_BYTES / 1024} KiB`);
      control[end] = text.length;
      for (let i = 0; i < text.length; i++) control[end + 1 + i] = text.charCodeAt(i);
      // Seq-cst store after the plain writes: a getReport that loads the new end sees the whole report.
      Atomics.store(control, CONTROL.REPORT_END, next);
    } finally {
      lock.unlock();
    }
  };
}

let sleepCell: Int32Array | undefined;

/** `$262.agent.sleep`: blocks the calling agent for about `ms`. */
function sleep(ms: number): void {
  // Made on first use: importing core must not need a SharedArrayBuffer.
  sleepCell ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleepCell, 0, 0, Number(ms));
}

/** Blocks while `cell` satisfies `busy`; whoever changes it notifies. */
function waitWhile(control: Int32Array, cell: number, busy: (value: number) => boolean): void {
  for (;;) {
    const value = Atomics.load(control, cell);
    if (!busy(value)) return;
    Atomics.wait(control, cell, value);
  }
}
