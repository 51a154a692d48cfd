import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Parses `5us`, `500ms`, `2s`, `1.5m`, `1h` (a bare number is seconds) into milliseconds; zero only where allowed. */
export function parseDuration(text: string, option: string, zeroAllowed = false): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|min|h)?\s*$/.exec(text);
  const value = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : Number.NaN;
  if (!(value > 0 || (zeroAllowed && value === 0))) {
    throw new UsageError(`Invalid ${option} '${text}': use a positive duration such as 500ms, 2s, 1.5m or 1h`);
  }
  return value;
}
