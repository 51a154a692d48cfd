/**
 * `racelab runtimes`: the runtime versions in racelab's cache (what
 * `--runtime node@22` downloaded), with their sizes; `--prune` removes them.
 */
import {
  type CachedRuntime,
  OLDEST_SUPPORTED,
  VERSIONED_RUNTIMES,
  cacheRoot,
  checkEntry,
  isVersionedRuntime,
  listCache,
  pickVersion,
  pruneCache,
} from '@racelab/runtime-versions';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../options/usage-error.js';
import { renderTable } from '../reports/table.js';
import { formatBytes } from '../versions/progress.js';

export function runtimesCommand(): Command {
  return new Command('runtimes')
    .description("List the runtime versions in racelab's cache (downloaded by --runtime node@22, deno@2.1, bun@1.2), with their sizes")
    .option('--prune [runtimes]', 'remove cached versions: all of them, or those named, e.g. node@16,deno (repeatable)', (value: string, previous: unknown) => [
      ...(Array.isArray(previous) ? previous : []),
      value,
    ])
    .option('--verify', 'check the content of every cached binary against the hash taken at download')
    .option('--json', 'print the cache as JSON')
    .action(async (options: { prune?: (string | true)[] | true; verify?: boolean; json?: boolean }) => {
      const root = cacheRoot();
      if (options.prune !== undefined) {
        const specs = [options.prune].flat().filter((v): v is string => typeof v === 'string');
        const keep = pruneFilter(specs);
        const { removed, freed } = pruneCache(root, keep);
        const what = removed.map((e) => `${e.runtime}@${e.version}`).join(', ') || 'no cached version';
        process.stdout.write(`Removed ${what} from ${root}: ${formatBytes(freed)} freed\n`);
        return;
      }
      const { entries } = listCache(root);
      const damage = new Map<CachedRuntime, string>();
      if (options.verify) {
        for (const entry of entries) {
          const why = await checkEntry(entry, true);
          if (why) damage.set(entry, why);
        }
      }
      if (options.json) {
        const rows = entries.map((entry) => {
          const { folder: _folder, ...shown } = entry;
          return { ...shown, ...(options.verify && { intact: !damage.has(entry) }) };
        });
        process.stdout.write(`${JSON.stringify({ cache: root, runtimes: rows }, null, 2)}\n`);
      } else {
        process.stdout.write(renderCache(root, entries, options.verify ? damage : undefined));
      }
      process.exitCode = damage.size > 0 ? EXIT.FAULT : EXIT.OK;
    });
}

/** Keeps what none of `specs` (`node`, `node@16`, `deno@>=2 <2.2`) names; with no spec, keeps nothing. */
function pruneFilter(specs: readonly string[]): (entry: CachedRuntime) => boolean {
  const ids = specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const named = ids.map((id) => {
    const [name, range] = id.includes('@') ? [id.slice(0, id.indexOf('@')), id.slice(id.indexOf('@') + 1)] : [id, undefined];
    if (!isVersionedRuntime(name)) throw new UsageError(`Invalid --prune '${id}': racelab caches versions of ${VERSIONED_RUNTIMES.join(', ')} only`);
    return { name, range };
  });
  if (named.length === 0) return () => false;
  return (entry) => !named.some(({ name, range }) => entry.runtime === name && (range === undefined || pickVersion([entry.version], range) !== undefined));
}

/** The cache as a table, with the folder, the total and what racelab runs on. */
export function renderCache(root: string, entries: readonly CachedRuntime[], damage?: ReadonlyMap<CachedRuntime, string>): string {
  const lines = [`racelab's cache: ${root} (set RACELAB_CACHE to move it)`];
  if (entries.length === 0) {
    lines.push('No runtime version is cached: racelab run --runtime node@22 downloads one.');
  } else {
    const headers = ['runtime', 'version', 'package', 'on disk', 'download', 'downloaded', ...(damage ? ['content'] : [])];
    const rows = entries.map((e) => [
      e.runtime,
      e.version,
      e.package,
      formatBytes(e.diskSize),
      formatBytes(e.downloadSize),
      e.downloadedAt.slice(0, 10),
      ...(damage ? [damage.get(e) ?? 'intact'] : []),
    ]);
    lines.push(renderTable(headers, rows).trimEnd());
    const total = entries.reduce((sum, e) => sum + e.diskSize, 0);
    lines.push(`${entries.length} version${entries.length === 1 ? '' : 's'}, ${formatBytes(total)} on disk. racelab runtimes --prune removes them.`);
  }
  const oldest = VERSIONED_RUNTIMES.map((r) => `${r} ${OLDEST_SUPPORTED[r].version}`).join(', ');
  lines.push(`Oldest versions racelab runs on: ${oldest}. Chromium and Firefox run as installed, whatever their version.`);
  return `${lines.join('\n')}\n`;
}
