/**
 * A test262 script on the page's main thread, in a fresh same-origin iframe
 * (its own globals, the page's agent): the one place here whose [[CanBlock]]
 * is false, where Atomics.wait throws, for CanBlockIsFalse tests. It answers
 * core's test262 messages as a worker does, so the host treats it as one.
 */
import { type FromWorker, type ToWorker, type WorkerHandle, type WorkerListener, describeThrown, missingFeature } from '@racelab/core';

type Realm = Window & typeof globalThis & Record<string, unknown>;

export function startWindowRealm(): WorkerHandle {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  document.body.append(frame);
  const realm = frame.contentWindow as Realm;
  let listener: WorkerListener | undefined;
  // Answers after the caller's post() returns, as a worker's messages do.
  const send = (message: FromWorker) => queueMicrotask(() => listener?.message(message));

  /** Runs `source` as a classic script in the frame, its error thrown to the caller. */
  const runScript = (source: string) => {
    let thrown: { error: unknown } | undefined;
    const onError = (event: ErrorEvent) => {
      thrown = { error: event.error };
      event.preventDefault();
    };
    realm.addEventListener('error', onError);
    const script = realm.document.createElement('script');
    script.textContent = source;
    realm.document.head.append(script);
    realm.removeEventListener('error', onError);
    if (thrown) throw thrown.error;
  };

  return {
    listen: (next) => {
      listener = next;
    },
    post: (message: ToWorker) => {
      if (message.type !== 'test262') return;
      // The page and the frame share an engine: what the page lacks, the frame lacks.
      const missing = missingFeature(message.features);
      if (missing) return send({ type: 'test262-skip', reason: missing });
      realm.print = (...values: unknown[]) => send({ type: 'test262-print', text: values.map(String).join(' ') });
      // No agents: starting one would block this thread until it runs.
      realm.$262 = { global: realm, evalScript: runScript, agent: {} };
      // Errors after the script ran (a timer's, a rejection's) are uncaught exceptions too.
      realm.addEventListener('error', (event) => send({ type: 'test262-threw', ...describeThrown(event.error) }));
      realm.addEventListener('unhandledrejection', (event) => send({ type: 'test262-threw', ...describeThrown(event.reason) }));
      try {
        runScript(message.source);
      } catch (error) {
        return send({ type: 'test262-threw', ...describeThrown(error) });
      }
      send({ type: 'test262-evaluated' });
    },
    terminate: async () => frame.remove(),
  };
}
