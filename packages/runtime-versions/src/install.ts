/**
 * `node@22` to a binary on disk: the version resolved against the registry
 * (or, offline, against the cache), downloaded once into the cache, checked
 * every time it is used.
 */
import semver from 'semver';
import { type CachedRuntime, cacheRoot, cachedVersions, checkEntry, readEntry } from './cache.js';
import { DownloadFailed, type ProgressListener, downloadVersion } from './download.js';
import { type Platform, type RuntimePackage, type VersionedRuntime, currentPlatform, runtimePackage } from './platforms.js';
import { PackageNotFound, RegistryUnreachable, byNewest, fetchPackage, isVersionSpec, newest, pickVersion, registryUrl } from './registry.js';
import { OLDEST_SUPPORTED } from './support.js';

/** A version of a runtime, ready to run. */
export interface InstalledRuntime {
  readonly runtime: VersionedRuntime;
  readonly version: string;
  /** The executable. */
  readonly path: string;
  readonly package: string;
  /** Whether this call downloaded it (else it came from the cache). */
  readonly downloaded: boolean;
  /** Something the user should know, e.g. that the registry was unreachable and the newest cached match was taken. */
  readonly note?: string;
}

export interface InstallOptions {
  /** The cache root (default {@link cacheRoot}). */
  readonly root?: string;
  readonly platform?: Platform;
  readonly registry?: string;
  readonly onProgress?: ProgressListener;
}

/**
 * A version of a runtime cannot be had: the message says what was asked, why
 * not, and what is cached, in words for the user.
 */
export class VersionUnavailable extends Error {
  override readonly name = 'VersionUnavailable';
}

/**
 * The binary of the newest version of `runtime` that `spec` asks for
 * (`22`, `22.12.0`, `>=20 <22`, `latest`), downloaded if it is not cached.
 * An exact version in the cache needs no network at all.
 *
 * @example
 * ```ts
 * const node = await installRuntime('node', '22');
 * spawnSync(node.path, ['--version']); // v22.x.y
 * ```
 */
export async function installRuntime(runtime: VersionedRuntime, spec: string, options: InstallOptions = {}): Promise<InstalledRuntime> {
  const root = options.root ?? cacheRoot();
  const asked = `${runtime}@${spec}`;
  const pkg = runtimePackage(runtime, options.platform ?? currentPlatform());
  if ('reason' in pkg) throw new VersionUnavailable(`Cannot run ${asked} as ${pkg.reason}`);
  if (!isVersionSpec(spec)) {
    throw new VersionUnavailable(`Cannot run ${asked} as '${spec}' is not a version, a range or a tag: use e.g. ${runtime}@${example(runtime)}, ${runtime}@${example(runtime)}.1.0 or ${runtime}@latest`);
  }
  const cached = cachedVersions(runtime, pkg.name, root);
  const exact = semver.valid(spec) ? cached.find((e) => semver.eq(e.version, spec)) : undefined;
  if (exact && (await checkEntry(exact)) === undefined) return fromCache(exact);

  const registry = options.registry ?? registryUrl();
  let published;
  try {
    published = await fetchPackage(pkg.name, registry);
  } catch (error) {
    if (!(error instanceof RegistryUnreachable || error instanceof PackageNotFound)) throw error;
    return offline(runtime, spec, pkg, cached, error.message);
  }
  const version = pickVersion(published.versions.keys(), spec, published.distTags);
  if (version === undefined) {
    const latest = published.distTags.latest ?? newest(published.versions.keys());
    throw new VersionUnavailable(
      `Cannot run ${asked} as no version of ${pkg.name} on ${registry} matches '${spec}' (the newest is ${latest}); ${cachedText(runtime, cached)}`,
    );
  }
  checkSupported(runtime, asked, version);
  const entry = cached.find((e) => e.version === version);
  let note: string | undefined;
  if (entry) {
    const damage = await checkEntry(entry);
    if (damage === undefined) return fromCache(entry);
    note = `the cached ${runtime} ${version} was damaged (${damage}): downloaded again`;
  }
  let folder: string;
  try {
    folder = await downloadVersion(pkg, published.versions.get(version)!, root, options.onProgress);
  } catch (error) {
    if (error instanceof DownloadFailed) throw new VersionUnavailable(`Cannot run ${asked} (${version}) as ${error.message}; ${cachedText(runtime, cached)}`);
    throw error;
  }
  const installed = readEntry(folder);
  if (!installed) throw new VersionUnavailable(`Cannot run ${asked} as its cache entry in ${folder} could not be read after the download`);
  return { ...fromCache(installed), downloaded: true, ...(note && { note }) };
}

/** The registry cannot be reached: the newest intact cached version that matches, or a message saying what is cached. */
async function offline(runtime: VersionedRuntime, spec: string, pkg: RuntimePackage, cached: CachedRuntime[], why: string): Promise<InstalledRuntime> {
  const asked = `${runtime}@${spec}`;
  for (const version of byNewest(cached.map((e) => e.version))) {
    if (pickVersion([version], spec) === undefined) continue;
    const entry = cached.find((e) => e.version === version)!;
    if ((await checkEntry(entry)) !== undefined) continue;
    return { ...fromCache(entry), note: `${why}: using the newest cached ${runtime} that matches '${spec}', ${version}` };
  }
  throw new VersionUnavailable(`Cannot run ${asked} as ${why}, and no intact cached ${pkg.name} matches '${spec}'; ${cachedText(runtime, cached)}`);
}

function checkSupported(runtime: VersionedRuntime, asked: string, version: string): void {
  const oldest = OLDEST_SUPPORTED[runtime];
  if (semver.lt(version, oldest.version)) {
    throw new VersionUnavailable(`Cannot run ${asked} (${version}) as racelab runs on ${runtime} ${oldest.version} or newer: ${oldest.why}`);
  }
}

function fromCache(entry: CachedRuntime): InstalledRuntime {
  return { runtime: entry.runtime, version: entry.version, path: entry.path, package: entry.package, downloaded: false };
}

function cachedText(runtime: VersionedRuntime, cached: readonly CachedRuntime[]): string {
  return cached.length === 0 ? `no ${runtime} is cached` : `cached: ${byNewest(cached.map((e) => e.version)).map((v) => `${runtime}@${v}`).join(', ')}`;
}

function example(runtime: VersionedRuntime): string {
  return { node: '22', deno: '2', bun: '1' }[runtime];
}
