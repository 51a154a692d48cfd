/**
 * For every forbidden outcome found, the command that runs the same
 * experiment again with the same parameters on the same runtime: a finding
 * someone can check.
 */
import type { ExperimentResult, ResultDocument } from '@racelab/core';

/**
 * `racelab run --runtime chromium -e 'litmus/sb-atomics' --param stride=1024 --trials 2000`,
 * ending with `--plugin <file>` when the experiment came from a plugin file.
 */
export function reproduceCommand(runtime: string, result: ExperimentResult, plugin?: string): string {
  const params = Object.entries(result.params).map(([key, value]) => ` --param ${quote(`${key}=${value}`)}`);
  const from = plugin ? ` --plugin ${quote(plugin)}` : '';
  return `racelab run --runtime ${runtime} -e ${quote(result.id)}${params.join('')} --trials ${result.trials}${from}`;
}

/** One paragraph per failed experiment and runtime: what was seen, how often, and how to reproduce it. */
export function renderReproductions(documents: readonly ResultDocument[], pluginOf: (id: string) => string | undefined = () => undefined): string {
  const lines: string[] = [];
  for (const document of documents) {
    for (const result of document.experiments.filter((e) => e.verdict === 'fail')) {
      lines.push(
        `${result.id} failed on ${document.runtime.id} ${document.runtime.version}: ${result.reason ?? 'forbidden outcome'}`,
        `  reproduce: ${reproduceCommand(document.runtime.id, result, pluginOf(result.id))}`,
      );
    }
  }
  return lines.length > 0 ? `\nForbidden outcomes\n${lines.join('\n')}\n` : '';
}

function quote(text: string): string {
  return /^[\w./=:+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
