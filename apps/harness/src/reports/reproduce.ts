/**
 * For every forbidden outcome found, the command that runs the same
 * experiment again with the same parameters and run settings on the same
 * runtime: a finding someone can check.
 */
import type { ExperimentResult, ResultDocument, Tier } from '@racelab/core';
import { columnName } from '../documents/document.js';
import { DEFAULT_MAX_MEMORY_BYTES, DEFAULT_TIMEOUT_MS } from '../run/plan.js';
import { formatValue } from './format.js';

type Settings = ResultDocument['settings'];

/**
 * `racelab run --runtime chromium -e 'litmus/sb-atomics' --param stride=1024 --trials 2000 --spin 5us`:
 * every param, the trials counted, and every run setting that was not the
 * default (warm-up, spin, timeout, memory bound), ending with `--plugin <file>`
 * when the experiment came from a plugin file.
 */
export function reproduceCommand(runtime: string, result: ExperimentResult, plugin?: string, settings?: Settings, tier?: Tier): string {
  if (result.test262) {
    // The checkout's path is the user's; the file is relative to it.
    const timeout = settings && result.timeoutMs !== undefined ? ` --timeout ${duration(result.timeoutMs)}` : '';
    return `racelab test262 <test262 checkout> ${quote(result.test262.file)} --runtime ${runtime}${timeout}`;
  }
  const flags = Object.entries(result.params).map(([key, value]) => `--param ${quote(`${key}=${formatValue(value)}`)}`);
  if (tier) flags.unshift(`--tier ${tier}`);
  flags.push(`--trials ${result.trials}`);
  if (settings) {
    if (settings.warmup !== null) flags.push(`--warmup ${settings.warmup}`);
    if (settings.spinMs !== null) flags.push(`--spin ${duration(settings.spinMs)}`);
    if (settings.timeoutMs !== DEFAULT_TIMEOUT_MS) flags.push(`--timeout ${duration(settings.timeoutMs)}`);
    if (settings.trialDeadlineMs != null) flags.push(`--trial-deadline ${duration(settings.trialDeadlineMs)}`);
    if (settings.maxMemoryBytes !== DEFAULT_MAX_MEMORY_BYTES) flags.push(`--max-memory ${settings.maxMemoryBytes}B`);
  }
  if (plugin) flags.push(`--plugin ${quote(plugin)}`);
  return `racelab run --runtime ${runtime} -e ${quote(result.id)} ${flags.join(' ')}`;
}

/** One paragraph per failed experiment and runtime: what was seen, how often, and how to reproduce it. */
export function renderReproductions(documents: readonly ResultDocument[], pluginOf: (id: string) => string | undefined = () => undefined): string {
  const lines: string[] = [];
  for (const document of documents) {
    for (const result of document.experiments.filter((e) => e.verdict === 'fail')) {
      const known = result.test262?.knownFailure ? ` (a known failure: ${result.test262.knownFailure})` : '';
      lines.push(
        `${result.id} failed on ${columnName(document, documents)} ${document.runtime.version}${known}: ${result.reason ?? 'forbidden outcome'}`,
        `  reproduce: ${reproduceCommand(runtimeArgument(document, documents), result, pluginOf(result.id), document.settings, document.tier)}`,
      );
    }
  }
  const heading = documents.some((d) => d.experiments.some((e) => e.test262)) ? 'Failed tests' : 'Forbidden outcomes';
  return lines.length > 0 ? `\n${heading}\n${lines.join('\n')}\n` : '';
}

/** Milliseconds as the shortest exact duration `--spin` and `--timeout` read: `250ms`, `5us`, `2s`. */
function duration(ms: number): string {
  if (ms === 0) return '0';
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  if (Number.isInteger(ms)) return `${ms}ms`;
  return `${+(ms * 1000).toFixed(3)}us`;
}

function quote(text: string): string {
  return /^[\w./=:+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** `node`, or `node@22.12.0` when several versions of node ran: the version that failed. */
function runtimeArgument(document: ResultDocument, documents: readonly ResultDocument[]): string {
  const { id, version } = document.runtime;
  return documents.some((d) => d.runtime.id === id && d.runtime.version !== version) ? `${id}@${version}` : id;
}
