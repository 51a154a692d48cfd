/**
 * BigInt end to end. Outcomes and params may be bigints (a torn 64-bit value
 * is one), but JSON has no bigint: the plan and the result document carry one
 * as `{ "bigint": "123" }` (its schema is `bigintJson` in schema.ts). An
 * object, not a string such as "123n", so that it is never mistaken for a
 * string outcome. Hosts decode params before actors, outcome and expect see
 * them, and encode outcomes and params when they write a result; reports show
 * `123n`. No zod here: workers load this module.
 */

/** A bigint as JSON carries it. */
export interface BigIntJson {
  readonly bigint: string;
}

/** A value as the plan and the result document carry it. */
export type JsonValue = number | string | boolean | BigIntJson;

/** Whether `value` is an encoded bigint. */
export function isBigIntJson(value: unknown): value is BigIntJson {
  return typeof value === 'object' && value !== null && typeof (value as BigIntJson).bigint === 'string';
}

/** A value ready for JSON: a bigint becomes `{ bigint: "…" }`, anything else is itself. */
export function toJsonValue<T>(value: T): Exclude<T, bigint> | (T extends bigint ? BigIntJson : never) {
  return (typeof value === 'bigint' ? { bigint: value.toString() } : value) as never;
}

/** The value an encoded one stands for: `{ bigint: "5" }` becomes `5n`. */
export function fromJsonValue<T>(value: T): Exclude<T, BigIntJson> | (T extends BigIntJson ? bigint : never) {
  return (isBigIntJson(value) ? BigInt(value.bigint) : value) as never;
}

/** Every value of a record encoded for JSON (idempotent: encoded values pass through). */
export function encodeRecord<T>(values: Readonly<Record<string, T>>): Record<string, Exclude<T, bigint> | (T extends bigint ? BigIntJson : never)> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, toJsonValue(value)]));
}

/** Every value of a record decoded from JSON. */
export function decodeRecord<T>(values: Readonly<Record<string, T>>): Record<string, Exclude<T, BigIntJson> | (T extends BigIntJson ? bigint : never)> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, fromJsonValue(value)]));
}

/**
 * A value as reports and messages show it: `123n` for a bigint, encoded or
 * not (as JavaScript writes one, and as `--param x=123n` reads it); anything
 * else as `String` shows it.
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (isBigIntJson(value)) return `${value.bigint}n`;
  return String(value);
}
