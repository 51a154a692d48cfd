/**
 * Binary relations over the events of one execution, as the models write
 * them: herd's `cat` vocabulary (union `|`, sequence `;`, inverse `^-1`,
 * transitive closure `+`, `[S]` for the identity on a set, `acyclic`,
 * `irreflexive`) as methods, so a model reads as a short list of named
 * relations and axioms.
 *
 * Events are numbered 0..size-1. A relation is a bit matrix, one row of
 * 32-bit words per event: litmus executions have tens of events, so every
 * operation is a few thousand word operations.
 */

/** {@link Relation.addClosed}'s copy of a row. */
let rowBuffer = new Uint32Array(4);

/** A set of events: a predicate over event numbers, as `[S]` takes it. */
export type EventPredicate = (event: number) => boolean;

/** A binary relation over the events `0..size-1`. Immutable unless built with {@link Relation.mutable}. */
export class Relation {
  /** Number of events the relation ranges over. */
  readonly size: number;
  private readonly words: number;
  private readonly bits: Uint32Array;

  /** The pairs as a string: equal for equal relations of one size (a cache key). */
  key(): string {
    let key = '';
    for (let i = 0; i < this.bits.length; i++) key += `${this.bits[i]!.toString(36)},`;
    return key;
  }

  private constructor(size: number, bits?: Uint32Array) {
    this.size = size;
    this.words = Math.max(1, Math.ceil(size / 32));
    this.bits = bits ?? new Uint32Array(this.words * size);
  }

  /** The empty relation over `size` events. */
  static empty(size: number): Relation {
    return new Relation(size);
  }

  /**
   * A relation from a list of pairs.
   *
   * @example
   * ```ts
   * const po = Relation.of(3, [[0, 1], [1, 2]]);
   * po.closure().has(0, 2); // true
   * ```
   */
  static of(size: number, pairs: Iterable<readonly [number, number]>): Relation {
    const r = new Relation(size);
    for (const [a, b] of pairs) r.set(a, b);
    return r;
  }

  /** `[S]`: the identity on the events that satisfy `inSet`. */
  static identity(size: number, inSet: EventPredicate = () => true): Relation {
    const r = new Relation(size);
    for (let a = 0; a < size; a++) if (inSet(a)) r.set(a, a);
    return r;
  }

  /** `S × T`: every pair from a source set to a target set, without self-pairs. */
  static product(size: number, from: EventPredicate, to: EventPredicate): Relation {
    const r = new Relation(size);
    for (let a = 0; a < size; a++) {
      if (!from(a)) continue;
      for (let b = 0; b < size; b++) if (a !== b && to(b)) r.set(a, b);
    }
    return r;
  }

  /** The pairs `(a, b)` that satisfy a predicate. */
  static where(size: number, holds: (a: number, b: number) => boolean): Relation {
    const r = new Relation(size);
    for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) if (holds(a, b)) r.set(a, b);
    return r;
  }

  /** A copy that {@link Relation.add} may change: for building relations step by step. */
  mutable(): Relation {
    return new Relation(this.size, this.bits.slice());
  }

  /** Whether `a` is related to `b`. */
  has(a: number, b: number): boolean {
    return (this.bits[a * this.words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  }

  /** Adds a pair in place (only on a relation from {@link Relation.mutable}, {@link Relation.empty} or a builder). */
  add(a: number, b: number): this {
    this.set(a, b);
    return this;
  }

  private set(a: number, b: number): void {
    this.bits[a * this.words + (b >>> 5)]! |= 1 << (b & 31);
  }

  /** `r | s | ...` */
  union(...others: Relation[]): Relation {
    const r = new Relation(this.size, this.bits.slice());
    for (const o of others) for (let i = 0; i < r.bits.length; i++) r.bits[i]! |= o.bits[i]!;
    return r;
  }

  /** `r & s` */
  intersect(other: Relation): Relation {
    const r = new Relation(this.size, this.bits.slice());
    for (let i = 0; i < r.bits.length; i++) r.bits[i]! &= other.bits[i]!;
    return r;
  }

  /** `r \ s` */
  minus(other: Relation): Relation {
    const r = new Relation(this.size, this.bits.slice());
    for (let i = 0; i < r.bits.length; i++) r.bits[i]! &= ~other.bits[i]!;
    return r;
  }

  /** `r^-1` */
  inverse(): Relation {
    const r = new Relation(this.size);
    for (let a = 0; a < this.size; a++) for (let b = 0; b < this.size; b++) if (this.has(a, b)) r.set(b, a);
    return r;
  }

  /** `r ; s`: `a` to `c` when `a r b` and `b s c` for some `b`. */
  seq(other: Relation): Relation {
    const r = new Relation(this.size);
    const w = this.words;
    for (let a = 0; a < this.size; a++) {
      for (let b = 0; b < this.size; b++) {
        if (!this.has(a, b)) continue;
        for (let k = 0; k < w; k++) r.bits[a * w + k]! |= other.bits[b * w + k]!;
      }
    }
    return r;
  }

  /** `[S] ; r ; [T]`: the pairs whose source is in `from` and target in `to`. */
  restrict(from: EventPredicate, to: EventPredicate = () => true): Relation {
    const r = new Relation(this.size);
    for (let a = 0; a < this.size; a++) {
      if (!from(a)) continue;
      for (let b = 0; b < this.size; b++) if (to(b) && this.has(a, b)) r.set(a, b);
    }
    return r;
  }

  /** The pairs of `r` that also satisfy a predicate (`r & P` for a relation given by a test). */
  filter(holds: (a: number, b: number) => boolean): Relation {
    const r = new Relation(this.size);
    for (const [a, b] of this.pairs()) if (holds(a, b)) r.set(a, b);
    return r;
  }

  /** `r+`: the transitive closure (Warshall's algorithm over bit rows). */
  closure(): Relation {
    const r = new Relation(this.size, this.bits.slice());
    const w = this.words;
    for (let k = 0; k < this.size; k++) {
      for (let a = 0; a < this.size; a++) {
        if (!r.has(a, k)) continue;
        for (let i = 0; i < w; i++) r.bits[a * w + i]! |= r.bits[k * w + i]!;
      }
    }
    return r;
  }

  /**
   * Adds `a → b` to a transitively closed relation in place and keeps it
   * closed: every event that reaches `a` (and `a` itself) now reaches `b` and
   * everything `b` reaches. For growing happens-before one edge at a time.
   */
  addClosed(a: number, b: number): this {
    if (this.has(a, b)) return this;
    const w = this.words;
    // b's row plus b itself, copied first: the loop may change b's own row.
    // One buffer for every call: this runs hundreds of thousands of times per test.
    if (rowBuffer.length < w) rowBuffer = new Uint32Array(w);
    const row = rowBuffer;
    for (let i = 0; i < w; i++) row[i] = this.bits[b * w + i]!;
    row[b >>> 5]! |= 1 << (b & 31);
    for (let x = 0; x < this.size; x++) {
      if (x !== a && !this.has(x, a)) continue;
      for (let i = 0; i < w; i++) this.bits[x * w + i]! |= row[i]!;
    }
    return this;
  }

  /** Makes this relation (one from {@link Relation.mutable}) equal to another of its size, in place. */
  copyFrom(other: Relation): this {
    this.bits.set(other.bits);
    return this;
  }

  /** `irreflexive r`: no event is related to itself. */
  isIrreflexive(): boolean {
    for (let a = 0; a < this.size; a++) if (this.has(a, a)) return false;
    return true;
  }

  /** `acyclic r`: the closure is irreflexive. */
  isAcyclic(): boolean {
    return this.closure().isIrreflexive();
  }

  /** `functional r`: every event is related to at most one event. */
  isFunctional(): boolean {
    for (let a = 0; a < this.size; a++) if (this.successors(a).length > 1) return false;
    return true;
  }

  /** Whether the relation has no pair. */
  isEmpty(): boolean {
    return this.bits.every((word) => word === 0);
  }

  /** The events `a` is related to, in increasing order. */
  successors(a: number): number[] {
    const out: number[] = [];
    for (let b = 0; b < this.size; b++) if (this.has(a, b)) out.push(b);
    return out;
  }

  /** Every pair, sorted by source then target. */
  pairs(): [number, number][] {
    const out: [number, number][] = [];
    for (let a = 0; a < this.size; a++) for (let b = 0; b < this.size; b++) if (this.has(a, b)) out.push([a, b]);
    return out;
  }

  /**
   * The pairs not implied by others (the Hasse diagram of an order): what a
   * picture draws. Meaningful on a transitively closed, acyclic relation.
   */
  reduction(): Relation {
    const r = new Relation(this.size);
    for (const [a, b] of this.pairs()) {
      let implied = false;
      for (let c = 0; c < this.size && !implied; c++) implied = c !== a && c !== b && this.has(a, c) && this.has(c, b);
      if (!implied) r.set(a, b);
    }
    return r;
  }

  /** A shortest path `a → ... → b` along the pairs of the relation, or undefined. */
  path(a: number, b: number): number[] | undefined {
    const previous = new Map<number, number>([[a, -1]]);
    const queue = [a];
    while (queue.length > 0) {
      const x = queue.shift()!;
      for (const y of this.successors(x)) {
        if (y === b) {
          const path = [b, x];
          for (let p = previous.get(x)!; p !== -1; p = previous.get(p)!) path.push(p);
          return path.reverse();
        }
        if (!previous.has(y)) {
          previous.set(y, x);
          queue.push(y);
        }
      }
    }
    return undefined;
  }

  /** A cycle `[a, ..., a]` (first event repeated at the end), or undefined if acyclic. */
  findCycle(): number[] | undefined {
    let best: number[] | undefined;
    for (let a = 0; a < this.size; a++) {
      const path = this.path(a, a);
      if (path && (!best || path.length < best.length)) best = path;
    }
    return best;
  }

  /**
   * A strict total order containing the relation, as a list of events (a
   * topological sort; ties go to the smaller event number), or undefined
   * when the relation has a cycle.
   */
  linearize(): number[] | undefined {
    const indegree = new Array<number>(this.size).fill(0);
    for (const [, b] of this.pairs()) indegree[b]!++;
    const order: number[] = [];
    const ready = new Set<number>();
    for (let a = 0; a < this.size; a++) if (indegree[a] === 0) ready.add(a);
    while (ready.size > 0) {
      const a = Math.min(...ready);
      ready.delete(a);
      order.push(a);
      for (const b of this.successors(a)) if (--indegree[b]! === 0) ready.add(b);
    }
    return order.length === this.size ? order : undefined;
  }
}
