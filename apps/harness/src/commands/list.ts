/** `racelab list`: the experiments, their actors, parameters and titles. */
import { Command } from 'commander';
import { loadConfig } from '../plugins/config.js';
import { selectSuite } from '../plugins/suite.js';
import { formatValue } from '../reports/format.js';
import { renderTable } from '../reports/table.js';
import { collect } from './options.js';

export function listCommand(): Command {
  return new Command('list')
    .description('List the experiments, their parameters and defaults')
    .option('-e, --experiment <id-or-glob>', 'only these experiments (repeatable)', collect)
    .option('--plugin <file>', 'also list the experiments of this TypeScript or JavaScript file, and only those unless -e says otherwise (repeatable)', collect)
    .option('--config <file>', 'read plugins from this file (default: racelab.config.{ts,json} in the current folder)')
    .action(async (options) => {
      const config = await loadConfig(process.cwd(), options.config);
      const entries = await selectSuite([...(config?.plugins ?? []), ...(options.plugin ?? [])], options.experiment ?? []);
      const rows = entries.map(({ definition: d }) => [
        d.id,
        String(d.actors.length),
        Object.entries(d.params ?? {})
          .map(([k, v]) => `${k}=${formatValue(v)}`)
          .join(' '),
        d.title,
      ]);
      process.stdout.write(`${renderTable(['experiment', 'actors', 'params', 'title'], rows)}\n`);
    });
}
