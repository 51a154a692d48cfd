/**
 * A runtime binary of a version asked for (`--runtime node@22`), from
 * racelab's cache rather than found on the machine, and what a launcher needs
 * to know about it: is it still there, and which V8 flags does it know.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { Availability, Tier } from '@racelab/core';

/** A binary of one exact version. */
export interface PinnedBinary {
  readonly path: string;
  /** Its version, e.g. `22.12.0`. */
  readonly version: string;
}

/** Whether the pinned binary can still be run (the cache may have been pruned since). */
export function pinnedAvailability(runtime: string, pinned: PinnedBinary): Availability {
  try {
    accessSync(pinned.path, constants.X_OK);
    return { available: true };
  } catch {
    return {
      available: false,
      reason: `${runtime} ${pinned.version} is no longer in racelab's cache (${pinned.path})`,
      install: `racelab run --runtime ${runtime}@${pinned.version} (downloads it again)`,
    };
  }
}

/**
 * The V8 flags a binary knows, by name, from the listing it prints when
 * given `args` (`node --v8-options`, `deno run --v8-flags=--help`). Empty if
 * it prints none.
 */
export function knownV8Flags(command: string, args: readonly string[]): ReadonlySet<string> {
  const listing = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, input: '', env: { ...process.env, NO_COLOR: '1' } });
  return new Set([...`${listing.stdout}${listing.stderr}`.matchAll(/^\s*--([a-z0-9][\w-]*)/gm)].map((m) => m[1]!.replaceAll('_', '-')));
}

/** The name a flag is listed under: `--no-maglev` and `--max-opt=0` as `maglev` and `max-opt`. */
function flagName(flag: string): string {
  return flag.replace(/^--/, '').replace(/=.*$/, '').replace(/^no-/, '').replaceAll('_', '-');
}

/**
 * For each tier, the first of its candidate flag sets whose every flag the
 * binary knows. V8 renames and removes flags between versions (Node 16's
 * V8 9.4 has no `--max-opt`): a tier none of whose sets fits is absent, and a
 * run in it is skipped with the reason.
 */
export function tierFlagsFor(
  known: ReadonlySet<string>,
  candidates: Readonly<Record<Tier, readonly (readonly string[])[]>>,
): Partial<Record<Tier, readonly string[]>> {
  const chosen: Partial<Record<Tier, readonly string[]>> = {};
  for (const [tier, sets] of Object.entries(candidates) as [Tier, readonly (readonly string[])[]][]) {
    const fit = sets.find((flags) => flags.every((flag) => known.has(flagName(flag))));
    if (fit) chosen[tier] = fit;
  }
  return chosen;
}
