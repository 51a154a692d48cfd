/**
 * Finds a runtime's executable: the path in an environment variable if one is
 * set, else the native binary of the npm package the runtime's package
 * depends on (`deno`, `bun`). Not `node_modules/.bin/<name>`: for deno that is
 * a shell shim that runs a Node script that spawns deno, which costs a Node
 * start-up per host and, worse, leaves deno orphaned when the harness kills
 * the shim.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import type { Availability } from '@racelab/core';

/** Where a runtime's binary comes from and how to get it. */
export interface BinarySpec {
  /** The npm package that ships the binary, e.g. `deno`. */
  readonly packageName: string;
  /** The module that depends on that package (its launcher's `import.meta.url`): resolution starts there. */
  readonly resolveFrom: string;
  /** The executable's path inside that package. */
  readonly pathInPackage: string;
  /** The variable that overrides the path, e.g. `RACELAB_DENO`. */
  readonly envVar: string;
  /** The command that installs it. */
  readonly install: string;
}

/** The executable for `spec`, or why there is none. */
export function findBinary(spec: BinarySpec): { path: string } | { path: undefined; reason: string } {
  const override = process.env[spec.envVar];
  if (override) {
    const path = override.includes('/') ? override : onPath(override);
    if (path && isExecutable(path)) return { path };
    return { path: undefined, reason: `${spec.envVar}=${override} is not an executable file` };
  }
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(spec.resolveFrom).resolve(`${spec.packageName}/package.json`));
  } catch {
    return { path: undefined, reason: `the npm package '${spec.packageName}' is not installed` };
  }
  const path = join(packageDir, spec.pathInPackage);
  if (isExecutable(path)) return { path };
  return { path: undefined, reason: `${path} is missing (its install script may have been blocked)` };
}

/** The availability `detect()` reports for `spec`. */
export function binaryAvailability(spec: BinarySpec): Availability {
  const found = findBinary(spec);
  if (found.path !== undefined) return { available: true };
  return { available: false, reason: `${spec.packageName} is not available: ${found.reason}`, install: spec.install };
}

/** The executable for `spec`; throws (the harness records it as the host's failure) if there is none. */
export function requireBinary(spec: BinarySpec): string {
  const found = findBinary(spec);
  if (found.path === undefined) throw new Error(`${found.reason}; install it with: ${spec.install}`);
  return found.path;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

/**
 * The version of the npm package that brings `spec`'s binary (`deno` 2.9.6),
 * or undefined when an environment variable overrides the binary or the
 * package is not installed: what the runtime's default version is.
 */
export function packageVersion(spec: BinarySpec): string | undefined {
  if (process.env[spec.envVar]) return undefined;
  try {
    const file = createRequire(spec.resolveFrom).resolve(`${spec.packageName}/package.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
