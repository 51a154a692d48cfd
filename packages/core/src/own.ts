/**
 * Whether `object` has `key` as its own property. Not `Object.hasOwn`: the
 * Node host runs on Node 16.0, and `Object.hasOwn` came in 16.9.
 */
export function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
