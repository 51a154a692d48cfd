/**
 * Browser worker entry for test262 (a classic worker, bundled as a script):
 * core's worker loop, able to run a test as a classic script with
 * importScripts, which only classic workers have. An indirect eval would not
 * do: in strict mode its declarations stay local, and test262's harness
 * checks for globals such as `$DONE`.
 */
import { type WebWorkerScope, serveWorker, webWorkerPort } from '@racelab/core';

declare function importScripts(...urls: string[]): void;

serveWorker({
  ...webWorkerPort(self as unknown as WebWorkerScope),
  evaluateScript: (source) => {
    // importScripts rethrows what the script throws, a SyntaxError included.
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    try {
      importScripts(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  },
});
