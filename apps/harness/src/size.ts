import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, kb: 1e3, mb: 1e6, gb: 1e9 };

/** Parses `64MiB`, `1GiB`, `512KiB`, `100MB` (a bare number is MiB) into bytes. */
export function parseSize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  const value = match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'mib').toLowerCase()]!) : Number.NaN;
  if (!(value > 0) || !Number.isSafeInteger(value)) {
    throw new UsageError(`Invalid ${option} '${text}': use a positive size such as 64MiB, 256MiB or 1GiB`);
  }
  return value;
}
