/**
 * What the user sees while the memory model searches a large litmus test
 * (a mixed-size one can take minutes): on a terminal, one line rewritten in
 * place once the search has run for a second; elsewhere (CI logs, pipes), a
 * line every 30 s. A quick test prints nothing.
 */
import { type CheckOptions, type JsSearchProgress, type LitmusTest, type ModelReport, OutcomeLimitError, checkTest } from '@racelab/model';
import { UsageError } from '../options/usage-error.js';

/** A terminal line appears after this long… */
const QUIET_MS = 1000;
/** …and is rewritten at most this often. */
const REDRAW_MS = 250;
/** Elsewhere, a line this often. */
const LOG_EVERY_MS = 30_000;

/** Where progress goes: a terminal or not. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface SearchProgress {
  readonly onProgress: (progress: JsSearchProgress) => void;
  /** Ends the display: clears the terminal line, or says how long it took. */
  readonly done: () => void;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * {@link checkTest}, showing its progress on stderr. A test with more
 * allowed outcomes than the limit is a usage error that says what to do;
 * `raise` names the way to raise the limit where there is one.
 */
export function checkWithProgress(test: LitmusTest, options: CheckOptions = {}, raise?: string): ModelReport {
  const progress = modelSearchProgress(test.name);
  try {
    return checkTest(test, { ...options, onProgress: progress.onProgress });
  } catch (error) {
    if (!(error instanceof OutcomeLimitError)) throw error;
    const where = test.file ? `${test.file}: ` : '';
    throw new UsageError(
      `${where}${error.message}. So many outcomes usually come from mixed-size accesses that race, each load free to take every byte from a different store: make the test smaller${raise ? `, or raise the limit with ${raise}` : ''}.`,
    );
  } finally {
    progress.done();
  }
}

export function modelSearchProgress(test: string, stream: ProgressStream = process.stderr, now: () => number = Date.now): SearchProgress {
  const start = now();
  let last = start;
  let shown = false;
  const seconds = (t: number) => `${Math.round((t - start) / 1000)} s`;
  return {
    onProgress: ({ candidates, outcomes }) => {
      const t = now();
      const text = `${test}: the ECMAScript model has checked ${count(candidates)} valid candidate executions and found ${count(outcomes)} outcomes (${seconds(t)})`;
      if (stream.isTTY) {
        if (t - start < QUIET_MS || (shown && t - last < REDRAW_MS)) return;
        stream.write(`\r\x1b[K${text}`);
      } else {
        if (t - last < LOG_EVERY_MS) return;
        stream.write(`${text}\n`);
      }
      last = t;
      shown = true;
    },
    done: () => {
      if (!shown) return;
      stream.write(stream.isTTY ? '\r\x1b[K' : `${test}: the models are done (${seconds(now())})\n`);
    },
  };
}
