/**
 * The coordinator side of racelab's test262 host, on the runtime's own
 * workers (the adapter's): for each mode of each test it starts a worker for
 * the main script, one per `$262.agent.start`, forwards broadcasts, watches
 * for the end the test262 rules look for, and then terminates them all.
 * Several tests run at once (`concurrency`): they sleep far more than they
 * compute.
 */
import type { Adapter, WorkerHandle, WorkerListener } from '../adapter.js';
import type { FromWorker } from '../protocol.js';
import type { HostEventBody, Test262Plan, Test262Test } from '../schema.js';
import { createControl } from './agent.js';
import { type Ending, type Mode, type ModeResult, judge, test262Result } from './verdict.js';

type Emit = (event: HostEventBody) => void;

/** Runs every test of the plan, `plan.concurrency` at a time, and emits a result for each. */
export async function runTest262(adapter: Adapter, plan: Test262Plan, emit: Emit): Promise<void> {
  const spares = new SpareWorkers(adapter, plan.concurrency + 2);
  const queue = [...plan.tests];
  const lane = async () => {
    for (let test = queue.shift(); test; test = queue.shift()) {
      emit({ type: 'experiment-start', id: test.id, title: test.title, params: {}, actors: 1 });
      const started = performance.now();
      const modes: ModeResult[] = [];
      let actors = 1;
      for (const mode of test.modes) {
        const run = await runMode(spares, plan, test, mode);
        modes.push(run.result);
        actors = Math.max(actors, run.workers);
      }
      emit({ type: 'experiment-result', result: test262Result(test, modes, performance.now() - started, actors) });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, queue.length) }, lane));
  } finally {
    spares.close();
  }
}

/** The script a mode runs: "use strict" first in strict mode (INTERPRETING.md), then the harness files, then the test. */
export function scriptFor(plan: Test262Plan, test: Test262Test, mode: Mode): string {
  if (mode === 'raw') return test.source;
  const harness = test.includes.map((name) => plan.harness[name]!).join('\n');
  return `${mode === 'strict' ? '"use strict";\n' : ''}${harness}\n${test.source}`;
}

/** One run of a test in one mode; resolves with the judged result and how many workers it used. */
function runMode(spares: SpareWorkers, plan: Test262Plan, test: Test262Test, mode: Mode): Promise<{ result: ModeResult; workers: number }> {
  const started = performance.now();
  const skip = test.skip ?? (test.cannotBlock && !spares.adapter.startWindowRealm ? 'CanBlockIsFalse: every agent of this runtime can block (Atomics.wait works everywhere)' : undefined);
  if (skip) return Promise.resolve({ result: judge(test, mode, { kind: 'skipped', reason: skip }, 0), workers: 0 });
  return new Promise((resolve) => {
    const control = createControl();
    const workers: WorkerHandle[] = [];
    let ended = false;
    const end = (ending: Ending) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      for (const worker of workers) void worker.terminate();
      resolve({ result: judge(test, mode, ending, performance.now() - started), workers: workers.length });
    };
    const timer = setTimeout(
      () => end({ kind: 'timeout', message: `no result within ${test.timeoutMs} ms${test.async ? ' (the test never called $DONE)' : ''}` }),
      test.timeoutMs,
    );
    const start = (role: 'main' | 'agent', source: string, features: readonly string[]) => {
      // A CanBlockIsFalse test's main script runs where nothing may block: a browser window.
      const worker = role === 'main' && test.cannotBlock ? spares.adapter.startWindowRealm!() : spares.take();
      workers.push(worker);
      worker.listen(listener(role));
      worker.post({ type: 'test262', role, source, control, features });
    };
    const listener = (role: 'main' | 'agent'): WorkerListener => ({
      message: (message: FromWorker) => {
        switch (message.type) {
          case 'test262-start':
            start('agent', message.source, []);
            break;
          case 'test262-broadcast':
            for (const agent of workers.slice(1)) agent.post(message);
            break;
          case 'test262-print':
            if (!test.async) break;
            if (message.text.startsWith(ASYNC_COMPLETE)) end({ kind: 'completed' });
            else if (message.text.startsWith(ASYNC_FAILURE)) end({ kind: 'async-failure', message: message.text.slice(ASYNC_FAILURE.length) });
            break;
          case 'test262-evaluated':
            if (!test.async) end({ kind: 'completed' });
            break;
          case 'test262-threw':
            end(role === 'main' ? { kind: 'threw', name: message.name, message: message.message } : { kind: 'failed', message: `an agent threw ${message.message}` });
            break;
          case 'test262-skip':
            end({ kind: 'skipped', reason: message.reason });
            break;
        }
      },
      // An uncaught error outside the evaluation (a timer's callback, say): "Name: message".
      error: (message) =>
        end(role === 'main' ? { kind: 'threw', name: /^(\w+):/.exec(message)?.[1], message } : { kind: 'failed', message: `an agent threw ${message}` }),
      exit: (code) => end({ kind: 'error', message: `the ${role === 'main' ? "test's main" : 'an agent'} worker stopped (exit code ${code ?? 'none'})` }),
    });
    start('main', scriptFor(plan, test, mode), test.features);
  });
}

const ASYNC_COMPLETE = 'Test262:AsyncTestComplete';
const ASYNC_FAILURE = 'Test262:AsyncTestFailure:';

/**
 * Workers started ahead of need, each used once (a test leaves its globals
 * behind): `$262.agent.start` blocks the main script until its agent runs,
 * and a worker that has already loaded answers at once.
 */
class SpareWorkers {
  readonly #spares: WorkerHandle[] = [];
  /** A browser's module worker cannot run a classic script: its classic entry then. */
  readonly #url: string;
  constructor(
    readonly adapter: Adapter,
    private readonly size: number,
  ) {
    this.#url = adapter.scriptWorkerUrl ?? adapter.workerUrl;
    this.#refill();
  }

  take(): WorkerHandle {
    const worker = this.#spares.shift() ?? this.adapter.startWorker(this.#url);
    this.#refill();
    return worker;
  }

  close(): void {
    for (const worker of this.#spares.splice(0)) void worker.terminate();
  }

  #refill(): void {
    while (this.#spares.length < this.size) this.#spares.push(this.adapter.startWorker(this.#url));
  }
}
