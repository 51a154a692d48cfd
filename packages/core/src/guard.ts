/**
 * Turns a misspelled name into a clear error in plain JavaScript, at no cost
 * on the hot path. The object an actor sees keeps its cells as own
 * properties, so `memory.count` is an ordinary property load of the very
 * `Int32Array` (no Proxy, getter or closure in between, as the design asks);
 * only a lookup that misses every own property walks up to the prototype,
 * which is a Proxy that throws naming the valid names. (Measured on node: a
 * loop of 5e7 `ctx.memory.count[0]++` takes the same time with and without
 * the guard.)
 */

/** Names a lookup may miss without being a typo: what Object.prototype has, and what tools probe for. */
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', '@@__IMMUTABLE_ITERABLE__@@']);

/**
 * A copy of `values` whose misspelled property reads throw a `TypeError`
 * such as `Cannot read memory.cuont as the layout has no such name: valid names are count, lock`.
 *
 * @example
 * ```ts
 * const memory = guardMissing({ count: new Int32Array(1) }, 'memory', 'the layout');
 * memory.count[0]++;    // as fast as on a plain object
 * memory.cuont;         // TypeError naming count
 * ```
 */
export function guardMissing<T extends object>(values: T, what: string, owner: string): T {
  const names = Object.keys(values);
  const guard = new Proxy(Object.create(null) as object, {
    get(_target, key, receiver) {
      if (typeof key === 'symbol' || key in Object.prototype || PROBES.has(key)) {
        return Reflect.get(Object.prototype, key, receiver);
      }
      throw new TypeError(
        `Cannot read ${what}.${key} as ${owner} has no such name: ` +
          (names.length > 0 ? `valid names are ${names.join(', ')}` : 'it has none'),
      );
    },
  });
  const guarded = Object.create(guard) as T;
  for (const name of names) {
    Object.defineProperty(guarded, name, { value: (values as Record<string, unknown>)[name], enumerable: true });
  }
  return guarded;
}
