import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Relation } from './relation.js';

const pairs = (size: number) => fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: 3 * size });

/** Reachability by repeated squaring of plain sets: the reference for `closure`. */
function reachable(edges: readonly [number, number][]): Set<string> {
  const out = new Set(edges.map(([a, b]) => `${a},${b}`));
  for (let changed = true; changed; ) {
    changed = false;
    for (const x of [...out]) {
      const [a, b] = x.split(',').map(Number) as [number, number];
      for (const [c, d] of edges) {
        if (c === b && !out.has(`${a},${d}`)) {
          out.add(`${a},${d}`);
          changed = true;
        }
      }
    }
  }
  return out;
}

describe('Relation', () => {
  it('composes, inverts, unions and restricts as herd does', () => {
    const r = Relation.of(4, [
      [0, 1],
      [1, 2],
    ]);
    const s = Relation.of(4, [[2, 3]]);
    expect(r.seq(s).pairs()).toEqual([[1, 3]]);
    expect(s.seq(r).isEmpty()).toBe(true);
    expect(r.seq(r).pairs()).toEqual([[0, 2]]);
    expect(r.inverse().pairs()).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(r.union(s).closure().has(0, 3)).toBe(true);
    expect(r.restrict((a) => a > 0).pairs()).toEqual([[1, 2]]);
    expect(Relation.identity(3, (a) => a !== 1).pairs()).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(Relation.product(3, (a) => a === 0, () => true).pairs()).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it('finds cycles, paths, linear orders and the Hasse diagram', () => {
    const r = Relation.of(40, [
      [0, 35],
      [35, 7],
      [7, 0],
    ]);
    expect(r.isAcyclic()).toBe(false);
    expect(r.findCycle()).toEqual([0, 35, 7, 0]);
    expect(r.path(35, 0)).toEqual([35, 7, 0]);
    const order = Relation.of(4, [
      [3, 1],
      [1, 0],
    ]);
    expect(order.linearize()).toEqual([2, 3, 1, 0]);
    expect(order.closure().reduction().pairs()).toEqual([
      [1, 0],
      [3, 1],
    ]);
  });

  it('closure (Warshall) and addClosed (one edge at a time) both give reachability', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }).chain((size) => fc.tuple(fc.constant(size), pairs(size))), ([size, edges]) => {
        const expected = [...reachable(edges)].sort();
        const closure = Relation.of(size, edges).closure();
        expect(closure.pairs().map(([a, b]) => `${a},${b}`).sort()).toEqual(expected);
        const grown = Relation.empty(size);
        for (const [a, b] of edges) grown.addClosed(a, b);
        expect(grown.pairs().map(([a, b]) => `${a},${b}`).sort()).toEqual(expected);
        expect(closure.isIrreflexive()).toBe(closure.linearize() !== undefined);
      }),
    );
  });
});
