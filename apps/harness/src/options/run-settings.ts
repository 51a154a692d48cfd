/**
 * The settings of `racelab run`, read by one piece of code whether they come
 * from the command line (`--trials 0`) or from a config file's `run` object
 * (`"run": { "trials": 0 }`): one reader per setting, and one message for a
 * bad value that names where it came from (the flag, or the file and key).
 */
import { UsageError } from './usage-error.js';

/** Where a value came from: the command line, or the `run` object of a config file. */
export type Origin = { readonly kind: 'cli' } | { readonly kind: 'config'; readonly file: string };

export const FROM_CLI: Origin = { kind: 'cli' };

/** Reads one value; undefined when it is not valid. */
type Reader = (value: unknown) => number | undefined;

interface Setting {
  /** The long option on the command line. */
  readonly flag: string;
  readonly read: Reader;
  /** What a valid value looks like, for the error message. */
  readonly advice: string;
}

const DURATION_UNITS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, kb: 1e3, mb: 1e6, gb: 1e9 };

/** A whole number ≥ `min`, written as digits or given as a JSON number. */
const integerFrom =
  (min: number): Reader =>
  (value) => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    return Number.isSafeInteger(n) && n >= min ? n : undefined;
  };

/** `5us`, `500ms`, `2s`, `1.5m`, `1h` in milliseconds; a bare number is seconds. */
const duration =
  (zeroAllowed: boolean): Reader =>
  (value) => {
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string') return undefined;
    const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|min|h)?\s*$/.exec(text);
    const ms = match ? Number(match[1]) * DURATION_UNITS[match[2] ?? 's']! : Number.NaN;
    return ms > 0 || (zeroAllowed && ms === 0) ? ms : undefined;
  };

/** `64MiB`, `1GiB`, `512KiB`, `100MB` in bytes; a bare number is MiB. */
const size: Reader = (value) => {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  const bytes = match ? Math.floor(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'mib').toLowerCase()]!) : Number.NaN;
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
};

/** A ratio of at least 1: `1.2`, `1.2x` or `1.2×`. */
const ratio: Reader = (value) => {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*[x×]?\s*$/i.exec(text);
  const n = match ? Number(match[1]) : Number.NaN;
  return n >= 1 && Number.isFinite(n) ? n : undefined;
};

const DURATION = 'use a positive duration such as 500ms, 2s, 1.5m or 1h';

/** Every numeric setting of `racelab run`, by its config key (its long option in camelCase). */
export const RUN_SETTINGS = {
  trials: { flag: '--trials', read: integerFrom(1), advice: 'use a positive integer such as 100' },
  samples: { flag: '--samples', read: integerFrom(1), advice: 'use a positive integer such as 2000000' },
  time: { flag: '--time', read: duration(false), advice: DURATION },
  warmup: { flag: '--warmup', read: integerFrom(0), advice: 'use a non-negative integer such as 5' },
  spin: { flag: '--spin', read: duration(true), advice: 'use a duration such as 0, 5us or 250ms' },
  timeout: { flag: '--timeout', read: duration(false), advice: DURATION },
  trialDeadline: { flag: '--trial-deadline', read: duration(false), advice: DURATION },
  maxTime: { flag: '--max-time', read: duration(false), advice: DURATION },
  maxMemory: { flag: '--max-memory', read: size, advice: 'use a positive size such as 64MiB, 256MiB or 1GiB' },
  minEffect: { flag: '--min-effect', read: ratio, advice: 'use a ratio of at least 1 such as 1.2 (ns/op 20% above the fastest)' },
} as const satisfies Record<string, Setting>;

export type RunSettingName = keyof typeof RUN_SETTINGS;

/** The message for a bad value of setting `name`, worded for where it came from. */
export function invalidValue(name: string, flag: string, value: unknown, origin: Origin, advice: string): UsageError {
  return new UsageError(
    origin.kind === 'cli'
      ? `Invalid ${flag} '${String(value)}': ${advice}`
      : `Invalid run.${name} ${JSON.stringify(value)} in ${origin.file}: ${advice}`,
  );
}

/** Reads setting `name` from `value`; a usage error (exit 2) naming the flag, or the config file and key, if it is not valid. */
export function readSetting(name: RunSettingName, value: unknown, origin: Origin): number {
  const setting: Setting = RUN_SETTINGS[name];
  const n = setting.read(value);
  if (n === undefined) throw invalidValue(name, setting.flag, value, origin, setting.advice);
  return n;
}
