/**
 * Downloads one version's tarball, checks it against the integrity the
 * registry published, and extracts the runtime's binary: in one pass over the
 * bytes, into a temporary folder that only a checked download leaves.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { type CacheEntry, entryFolder, hashFile, removeFolder, runtimesFolder, writeEntry } from './cache.js';
import type { RuntimePackage } from './platforms.js';
import { type PublishedVersion, causeOf } from './registry.js';

/** How far a download is. */
export interface DownloadProgress {
  readonly runtime: string;
  readonly package: string;
  readonly version: string;
  readonly received: number;
  /** From Content-Length; undefined if the registry did not say. */
  readonly total: number | undefined;
  readonly done: boolean;
}

export type ProgressListener = (progress: DownloadProgress) => void;

/** A download failed or did not have the published content. */
export class DownloadFailed extends Error {
  override readonly name = 'DownloadFailed';
}

/** Where partial downloads go: hidden beside the entries, so that a rename puts them in place. */
export function partialFolder(root: string): string {
  return join(runtimesFolder(root), '.partial');
}

/** No byte for this long: the download is stuck. */
const STALL_TIMEOUT_MS = 60_000;

/** Downloads `published` of `pkg` into the cache under `root`; returns the entry's folder. */
export async function downloadVersion(pkg: RuntimePackage, published: PublishedVersion, root: string, onProgress?: ProgressListener): Promise<string> {
  mkdirSync(partialFolder(root), { recursive: true });
  const temp = mkdtempSync(join(partialFolder(root), `${pkg.runtime}-${published.version}-`));
  try {
    const downloadSize = await fetchAndExtract(pkg, published, temp, onProgress);
    const binary = join(temp, pkg.binary);
    let stat;
    try {
      // Some tarballs (Deno before 2.1) do not mark the binary executable: their installer did.
      chmodSync(binary, 0o755);
      stat = statSync(binary);
    } catch {
      throw new DownloadFailed(`${pkg.name}@${published.version} has no ${pkg.binary}`);
    }
    const entry: CacheEntry = {
      runtime: pkg.runtime,
      version: published.version,
      package: pkg.name,
      integrity: published.integrity,
      binary: pkg.binary,
      size: stat.size,
      sha512: await hashFile(binary),
      checkedMtimeMs: stat.mtimeMs,
      downloadedAt: new Date().toISOString(),
      downloadSize,
    };
    writeEntry(temp, entry);
    const folder = entryFolder(pkg.runtime, pkg.name, published.version, root);
    mkdirSync(join(folder, '..'), { recursive: true });
    // An entry found here is incomplete or corrupt (the caller checked): replaced.
    removeFolder(folder);
    try {
      renameSync(temp, folder);
    } catch (error) {
      // Another racelab put the same version in place first: theirs is as good.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return folder;
  } finally {
    removeFolder(temp);
  }
}

/** Streams the tarball through the hash and into tar; returns its size. */
async function fetchAndExtract(pkg: RuntimePackage, published: PublishedVersion, folder: string, onProgress?: ProgressListener): Promise<number> {
  const what = `${pkg.name}@${published.version}`;
  const stall = new AbortController();
  let timer = setTimeout(() => stall.abort(), STALL_TIMEOUT_MS);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), STALL_TIMEOUT_MS);
  };
  try {
    let response: Response;
    try {
      response = await fetch(published.tarball, { signal: stall.signal });
    } catch (error) {
      throw new DownloadFailed(`${published.tarball} cannot be downloaded: ${causeOf(error)}`);
    }
    if (!response.ok || !response.body) throw new DownloadFailed(`${published.tarball} answered ${response.status} ${response.statusText}`);
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const [algorithm, expected] = splitIntegrity(published.integrity);
    const hash = createHash(algorithm);
    let received = 0;
    const report = (done: boolean) =>
      onProgress?.({ runtime: pkg.runtime, package: pkg.name, version: published.version, received, total, done });
    report(false);
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    const count = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        alive();
        hash.update(chunk);
        received += chunk.length;
        report(false);
        next(null, chunk);
      },
    });
    // Only the binary is extracted: Node's package also holds npm, headers and docs.
    const wanted = `package/${pkg.binary}`;
    try {
      await pipeline(body, count, tar.x({ cwd: folder, strip: 1, filter: (path) => path === wanted }));
    } catch (error) {
      throw new DownloadFailed(`${what} could not be downloaded and unpacked: ${stall.signal.aborted ? 'no data for a minute' : causeOf(error)}`);
    }
    const actual = hash.digest('base64');
    if (actual !== expected) {
      throw new DownloadFailed(`${what} does not match the integrity the registry published (${published.integrity.slice(0, 24)}…): received ${received} bytes`);
    }
    report(true);
    return received;
  } finally {
    clearTimeout(timer);
  }
}

function splitIntegrity(integrity: string): [string, string] {
  const dash = integrity.indexOf('-');
  return [integrity.slice(0, dash), integrity.slice(dash + 1)];
}
