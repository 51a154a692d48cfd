/**
 * Litmus outcomes are tuples of small register values, encoded as one integer
 * so that the engine counts them in a typed array: register k holds digit k
 * (most significant first) in base `values`.
 */
import type { Expectation, OutcomeClass } from '@racelab/core';

/**
 * Every outcome name of the given registers, in code order.
 *
 * @example
 * ```ts
 * outcomeNames(['r0', 'r1']); // ['r0=0, r1=0', 'r0=0, r1=1', 'r0=1, r1=0', 'r0=1, r1=1']
 * ```
 */
export function outcomeNames(registers: readonly string[], values: readonly number[] = [0, 1]): string[] {
  let names = [''];
  for (const register of registers) {
    names = names.flatMap((prefix) => values.map((v) => `${prefix}${prefix ? ', ' : ''}${register}=${v}`));
  }
  return names;
}

/**
 * An expectation over codes from the outcome names a test declares special:
 * each listed name gets its class, every other outcome is acceptable.
 */
export function expectByName(
  names: readonly string[],
  classes: Readonly<Record<string, OutcomeClass>>,
): Expectation<number, unknown> {
  const byCode = names.map((name) => classes[name] ?? 'acceptable');
  for (const name of Object.keys(classes)) {
    if (!names.includes(name)) throw new TypeError(`Cannot classify outcome '${name}' as it is not one of: ${names.join('; ')}`);
  }
  return {
    forbidden: (code) => byCode[code] === 'forbidden',
    interesting: (code) => byCode[code] === 'interesting',
  };
}
