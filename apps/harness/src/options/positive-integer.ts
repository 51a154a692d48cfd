import { UsageError } from './usage-error.js';

/** A command-line flag's value as a positive integer, or a usage error that names the flag and gives an example. */
export function positiveInteger(flag: string, value: string, example: number): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) throw new UsageError(`Invalid ${flag} '${value}': use a positive integer such as ${example}`);
  return Number(value);
}
