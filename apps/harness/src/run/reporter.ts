/**
 * Live progress on stderr. On a TTY one line is redrawn in place; elsewhere
 * (CI logs, pipes) each finished experiment prints one line. `--quiet` prints
 * nothing.
 */
import type { ExperimentResult, ResultDocument, RuntimeId } from '@racelab/core';
import { pc } from '../reports/colors.js';
import { formatVerdict, keyFigure } from '../reports/format.js';

export interface Reporter {
  // `runtime` is the run's column name: `node`, or `node·interpreter` for a forced tier.
  runtimeStart(runtime: string): void;
  runtimeSkipped(runtime: string, reason: string): void;
  experimentStart(runtime: string, id: string, index: number, total: number): void;
  progress(runtime: string, id: string, trials: number, elapsedMs: number): void;
  experimentResult(runtime: string, result: ExperimentResult): void;
  log(runtime: string, level: 'info' | 'warn' | 'error', message: string): void;
  runtimeEnd(document: ResultDocument): void;
}

/**
 * A small bar of the experiments a runtime has finished, e.g. `███░░░░░`.
 * Plain characters: the live line is cut to the terminal's width, which would
 * cut colour codes in half.
 */
function bar(done: number, total: number, width = 12): string {
  const full = total > 0 ? Math.round((done / total) * width) : 0;
  return '█'.repeat(full) + '░'.repeat(width - full);
}

export function createReporter(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Reporter {
  const stream = options.stream ?? process.stderr;
  const live = Boolean(stream.isTTY);
  let position = '';
  const write = (text: string) => {
    if (!options.quiet) stream.write(text);
  };
  const redraw = (text: string) => {
    if (live) write(`\r\x1b[K${text.slice(0, (stream.columns ?? 100) - 1)}`);
  };
  const clear = () => redraw('');
  return {
    runtimeStart: (runtime) => write(`${pc.bold(runtime)}: starting host\n`),
    runtimeSkipped: (runtime, reason) => write(`${pc.bold(runtime)}: ${pc.yellow('skipped')}: ${reason}\n`),
    experimentStart(runtime, id, index, total) {
      position = `${runtime} ${bar(index, total)} ${index + 1}/${total} ${id}`;
      redraw(`${position} …`);
    },
    progress: (_runtime, _id, trials, elapsedMs) =>
      redraw(`${position} ${trials} trials, ${(elapsedMs / 1000).toFixed(1)} s`),
    experimentResult(runtime, result) {
      clear();
      const figure = keyFigure(result);
      write(`${runtime}  ${formatVerdict(result.verdict)}  ${result.id}${figure ? `  ${figure}` : ''}\n`);
      if (result.reason && result.verdict !== 'pass') write(`  ${pc.dim(result.reason.split('\n')[0]!)}\n`);
    },
    log: (runtime, level, message) => {
      clear();
      write(`${runtime} ${level}: ${message}\n`);
    },
    runtimeEnd(document) {
      clear();
      if (document.incomplete) write(`${pc.bold(document.runtime.id)}: ${pc.red('incomplete')}: ${document.incomplete}\n`);
    },
  };
}
