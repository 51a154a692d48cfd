/**
 * Values decided step by step during a search: which reads-bytes-from
 * option each read takes, and which bytes it then reads. A read's value is
 * decided as soon as the writes it reads from have known values; reads
 * branch on distinct values, not on byte assignments.
 */
import type { Atom, Outcome } from './litmus/ast.js';
import { type Cell, type EventStructure, INIT, type ReadOption, initialByte, writtenBy } from './events.js';
import type { CandidateExecution } from './js.js';
import { keySlots } from './outcome.js';
import type { ReadSite } from './read-sites.js';
import type { Bytes } from './semantics.js';
import { decode, destination, elementName, elementOf, finalElements, writtenRegisters } from './semantics.js';

/** One way a read's bytes can come out: the bytes, and the writer of each. */
export interface ByteChoice {
  readonly bytes: readonly number[];
  readonly rbf: readonly number[];
}

/** Search state shared by both searches: the options chosen and the values decided so far. */
export class Assignment {
  readonly option = new Map<number, ReadOption>();
  readonly bytes = new Map<number, Bytes>();
  readonly rbf = new Map<number, readonly number[]>();
  private readonly sites: ReadonlyMap<number, ReadSite>;
  /** Payloads of writes that depend on no read (constant stores), computed once. */
  private readonly fixedPayload = new Map<number, Bytes>();
  /** Per option, {@link Assignment.waitsOn}. */
  private readonly dependencyReads = new WeakMap<ReadOption, readonly number[]>();
  /**
   * Other writes' payloads, by the byte arrays their dependencies read. Those
   * arrays come from cached choices and are never changed in place, so the
   * same arrays give the same payload array (RMW chains ask at every node),
   * and the choices of an option reading it can be found by array too.
   */
  private readonly payloadByArrays = new Map<number, ArrayKeyed<Bytes>>();
  /** Byte choices of other options, by the payload arrays of their sources. */
  private readonly choicesByArrays = new WeakMap<ReadOption, ArrayKeyed<ByteChoice[]>>();
  /** Byte choices of options whose sources all have fixed payloads. */
  private readonly fixedChoices = new WeakMap<ReadOption, ByteChoice[]>();
  /** Byte choices of other options, by the payloads of their sources. */
  private readonly choicesByPayload = new WeakMap<ReadOption, Map<string, ByteChoice[]>>();

  /** Per list of byte choices, those no smaller option gives (see `minimal`). */
  private readonly minimalChoices = new WeakMap<readonly ByteChoice[], readonly ByteChoice[]>();
  /** Per option, the other options of its read whose sources are a subset of its own, cell by cell. */
  private readonly smallerOptions = new WeakMap<ReadOption, readonly ReadOption[]>();

  /**
   * `minimal`: a read's option offers only the byte strings that no option
   * with fewer sources (a subset in every cell) gives. Every axiom is a
   * conjunction over the sources of each cell, the reads-from pairs and
   * happens-before, and fewer sources give fewer of each (synchronizes-with
   * included): so a candidate that is valid with more sources is valid with
   * the fewer, with the same bytes and so the same outcome. A search for the
   * allowed outcomes may skip it; in a mixed-size test most candidates are
   * such (a byte read from another write that wrote the same value).
   */
  constructor(
    readonly structure: EventStructure,
    sites: readonly ReadSite[],
    private readonly minimal = false,
  ) {
    this.sites = new Map(sites.map((s) => [s.read, s]));
  }

  readBytes = (read: number): Bytes | undefined => this.bytes.get(read);

  private payload(write: number): Bytes | undefined {
    const fixed = this.fixedPayload.get(write);
    if (fixed) return fixed;
    const dependencies = this.structure.dependencies.get(write)!;
    if (dependencies.length === 0) {
      const bytes = writtenBy(this.structure, write, this.readBytes);
      if (bytes) this.fixedPayload.set(write, bytes);
      return bytes;
    }
    const from: Bytes[] = [];
    for (const read of dependencies) {
      const bytes = this.bytes.get(read);
      if (!bytes) return undefined;
      from.push(bytes);
    }
    let byArrays = this.payloadByArrays.get(write);
    if (!byArrays) this.payloadByArrays.set(write, (byArrays = new WeakMap()));
    return arrayKeyed(byArrays, from, () => writtenBy(this.structure, write, this.readBytes)!);
  }

  /** The reads whose bytes the payloads of an option's sources depend on. */
  waitsOn(option: ReadOption): readonly number[] {
    let reads = this.dependencyReads.get(option);
    if (!reads) {
      const sources = option.sources.flat().filter((w) => w !== INIT);
      this.dependencyReads.set(option, (reads = [...new Set(sources.flatMap((w) => this.structure.dependencies.get(w)!))]));
    }
    return reads;
  }

  /** The reads not decided yet that the value of a read with a chosen option waits on. */
  undecidedDependencies(read: number): number[] {
    return this.waitsOn(this.option.get(read)!).filter((dependency) => !this.bytes.has(dependency));
  }

  /** The distinct byte strings a read can see under its option, with a reads-bytes-from for each; undefined while a source's value is unknown. */
  choices(read: number): readonly ByteChoice[] | undefined {
    const option = this.option.get(read)!;
    const all = this.allChoices(read, option);
    if (!all || !this.minimal) return all;
    let kept = this.minimalChoices.get(all);
    if (!kept) {
      // The smaller options' sources are among this option's, so their values are known too.
      const given = new Set(this.smaller(read, option).flatMap((o) => this.allChoices(read, o)!.map((c) => c.bytes.join(','))));
      kept = given.size === 0 ? all : all.filter((c) => !given.has(c.bytes.join(',')));
      this.minimalChoices.set(all, kept);
    }
    return kept;
  }

  private smaller(read: number, option: ReadOption): readonly ReadOption[] {
    let options = this.smallerOptions.get(option);
    if (!options) {
      options = this.sites
        .get(read)!
        .options.filter((o) => o !== option && o.sources.every((sources, c) => sources.every((w) => option.sources[c]!.includes(w))));
      this.smallerOptions.set(option, options);
    }
    return options;
  }

  private allChoices(read: number, option: ReadOption): readonly ByteChoice[] | undefined {
    const cached = this.fixedChoices.get(option);
    if (cached) return cached;
    const waitsOn = this.waitsOn(option);
    if (waitsOn.length === 0) {
      // Every source is a constant store (or the initial value).
      const computed = this.computeChoices(read, option);
      if (computed) this.fixedChoices.set(option, computed);
      return computed;
    }
    // The usual answer while values are being decided in some order: not yet.
    for (const dependency of waitsOn) if (!this.bytes.has(dependency)) return undefined;
    const payloads: Bytes[] = [];
    for (const sources of option.sources) {
      for (const w of sources) {
        if (w === INIT) continue;
        const payload = this.payload(w);
        if (!payload) return undefined;
        payloads.push(payload);
      }
    }
    let byArrays = this.choicesByArrays.get(option);
    if (!byArrays) this.choicesByArrays.set(option, (byArrays = new WeakMap()));
    return arrayKeyed(byArrays, payloads, () => {
      // Other arrays with the same values: by their text.
      const key = payloads.map((p) => p.join(',')).join(';');
      let byPayload = this.choicesByPayload.get(option);
      if (!byPayload) this.choicesByPayload.set(option, (byPayload = new Map()));
      let computed = byPayload.get(key);
      if (!computed) byPayload.set(key, (computed = this.computeChoices(read, option)!));
      return computed;
    });
  }

  private computeChoices(read: number, option: ReadOption): ByteChoice[] | undefined {
    const site = this.sites.get(read)!;
    let partial: ByteChoice[] = [{ bytes: [], rbf: [] }];
    for (let c = 0; c < site.cells.length; c++) {
      const cellChoices = this.cellChoices(site.cells[c]!, option.sources[c]!);
      if (!cellChoices) return undefined;
      partial = cellChoices.length === 1 ? partial.map((p) => ({ bytes: [...p.bytes, ...cellChoices[0]!.bytes], rbf: [...p.rbf, ...cellChoices[0]!.rbf] })) : partial.flatMap((p) => cellChoices.map((q) => ({ bytes: [...p.bytes, ...q.bytes], rbf: [...p.rbf, ...q.rbf] })));
    }
    return partial;
  }

  /**
   * Byte strings for one cell: each byte from one source, every source used
   * at least once. Enumerated by distinct byte values per position; a string
   * counts when the sources can be matched to distinct positions where they
   * give its byte.
   */
  private cellChoices(cell: Cell, sources: readonly number[]): ByteChoice[] | undefined {
    const ev = this.structure.events;
    const value: number[][] = [];
    const writer: number[][] = [];
    for (const s of sources) {
      if (s === INIT) {
        value.push(Array.from({ length: cell.size }, (_, k) => initialByte(this.structure, cell.byteOffset + k)));
        writer.push(Array.from({ length: cell.size }, (_, k) => this.structure.initOfByte[cell.byteOffset + k]!));
      } else {
        const payload = this.payload(s);
        if (!payload) return undefined;
        const from = cell.byteOffset - ev[s]!.byteOffset;
        value.push(payload.slice(from, from + cell.size));
        writer.push(new Array<number>(cell.size).fill(s));
      }
    }
    if (sources.length === 1) return [{ bytes: value[0]!, rbf: writer[0]! }];
    const options = Array.from({ length: cell.size }, (_, k) => [...new Set(value.map((v) => v[k]!))]);
    const out: ByteChoice[] = [];
    const bytes: number[] = [];
    const walk = (k: number): void => {
      if (k < cell.size) {
        for (const b of options[k]!) {
          bytes.push(b);
          walk(k + 1);
          bytes.pop();
        }
        return;
      }
      const rbf = matchSources(value, writer, bytes);
      if (rbf) out.push({ bytes: [...bytes], rbf });
    };
    walk(0);
    return out;
  }

  /**
   * Decides values for every read whose option is chosen and whose sources'
   * values are known, branching on each read's distinct values; calls
   * `next` with every combination. `filter` may cut a branch after a value.
   */
  resolve(pending: Set<number>, next: () => void, filter: () => boolean = () => true): void {
    for (const read of pending) {
      const choices = this.choices(read);
      if (!choices) continue;
      pending.delete(read);
      for (const choice of choices) {
        this.bytes.set(read, choice.bytes);
        this.rbf.set(read, choice.rbf);
        if (filter()) this.resolve(pending, next, filter);
      }
      this.bytes.delete(read);
      this.rbf.delete(read);
      pending.add(read);
      return;
    }
    next();
  }

  execution(): CandidateExecution {
    return { structure: this.structure, readsBytesFrom: new Map(this.rbf) };
  }
}

/** Values cached by a list of arrays, by identity: one weak map per position. */
type ArrayKeyed<T> = WeakMap<Bytes, ArrayKeyed<T> | { value: T }>;

function arrayKeyed<T>(root: ArrayKeyed<T>, arrays: readonly Bytes[], compute: () => T): T {
  let node = root;
  for (let i = 0; i < arrays.length - 1; i++) {
    let next = node.get(arrays[i]!) as ArrayKeyed<T> | undefined;
    if (!next) node.set(arrays[i]!, (next = new WeakMap()));
    node = next;
  }
  const last = arrays[arrays.length - 1]!;
  let leaf = node.get(last) as { value: T } | undefined;
  if (!leaf) node.set(last, (leaf = { value: compute() }));
  return leaf.value;
}

/**
 * A writer for each byte such that the bytes are `bytes` and every source
 * gives at least one byte, or undefined: sources are matched to distinct
 * positions where they give the wanted byte (backtracking; a cell has at
 * most 8 bytes and as many sources).
 */
function matchSources(value: readonly number[][], writer: readonly number[][], bytes: readonly number[]): number[] | undefined {
  const taken = new Array<number>(bytes.length).fill(-1);
  const place = (s: number): boolean => {
    if (s === value.length) return true;
    for (let k = 0; k < bytes.length; k++) {
      if (taken[k] !== -1 || value[s]![k] !== bytes[k]) continue;
      taken[k] = s;
      if (place(s + 1)) return true;
      taken[k] = -1;
    }
    return false;
  };
  if (!place(0)) return undefined;
  return bytes.map((b, k) => {
    const s = taken[k] !== -1 ? taken[k]! : value.findIndex((v) => v[k] === b);
    return writer[s]![k]!;
  });
}

/** For each register some instruction writes (`T:rN`), the event of its last writer, whose read gives its final value. */
function lastDefinitions(structure: EventStructure): Map<string, number> {
  const lastDef = new Map<string, number>();
  structure.test.threads.forEach((thread, t) =>
    thread.instructions.forEach((instruction, i) => {
      const reg = destination(instruction);
      if (reg !== undefined) lastDef.set(`${t}:${reg}`, structure.eventOf[t]![i]!);
    }),
  );
  return lastDef;
}

/** The bytes each read reads, by read event (a map, or anything that looks one up). */
export interface BytesByRead {
  get(read: number): Bytes | undefined;
}

/** Outcome keys and outcomes built straight from the bytes a search has decided. */
export interface LeafOutcomes {
  key(bytes: BytesByRead): string;
  outcome(bytes: BytesByRead): Outcome;
}

/**
 * Builds outcome keys and outcomes straight from decided read bytes
 * (registers from their last defining read, memory from the final reads).
 * A search meets the same byte arrays at many leaves (they come from cached
 * choices), so each part's value and text are kept per array.
 */
export function leafOutcomes(structure: EventStructure): LeafOutcomes {
  const { test } = structure;
  const lastDef = lastDefinitions(structure);
  const finalRead = new Map<number, number>();
  for (const e of structure.events) if (e.agent === 'final') finalRead.set(e.byteOffset, e.id);
  const parts = new Map(
    keySlots(test).map((slot) => {
      const read = 'register' in slot ? lastDef.get(slot.name)! : finalRead.get(slot.element.byteOffset)!;
      const kind = 'register' in slot ? structure.events[read]!.element.kind : slot.element.kind;
      return [slot.name, { read, kind, prefix: `${slot.name}=`, value: new WeakMap<Bytes, bigint>(), text: new WeakMap<Bytes, string>() }];
    }),
  );
  type Part = typeof parts extends Map<string, infer P> ? P : never;
  const value = (part: Part, b: Bytes): bigint => {
    let v = part.value.get(b);
    if (v === undefined) part.value.set(b, (v = decode(part.kind, b)));
    return v;
  };
  const keyOrder = [...parts.values()];
  // Outcomes list their registers and memory in the order makeOutcome does.
  const registerOrder = writtenRegisters(test).flatMap((names, t) => names.map((name) => [`${t}:${name}`, parts.get(`${t}:${name}`)!] as const));
  const memoryOrder = finalElements(test).map((element) => {
    const name = elementName(element.location, element.index);
    return [name, parts.get(name)!] as const;
  });
  return {
    key: (bytes) => {
      let key = '';
      for (const part of keyOrder) {
        const b = bytes.get(part.read)!;
        let text = part.text.get(b);
        if (text === undefined) part.text.set(b, (text = `${part.prefix}${value(part, b)}`));
        key += key ? `; ${text}` : text;
      }
      return key;
    },
    outcome: (bytes) => {
      const registers: Record<string, bigint> = {};
      for (const [name, part] of registerOrder) registers[name] = value(part, bytes.get(part.read)!);
      const memory: Record<string, bigint> = {};
      for (const [name, part] of memoryOrder) memory[name] = value(part, bytes.get(part.read)!);
      return { registers, memory };
    },
  };
}

/** Three-valued atoms over the values decided so far: registers from their last defining read, memory from the final reads. */
export function knownAtoms(structure: EventStructure, state: Assignment): (atom: Atom) => boolean | undefined {
  const { test } = structure;
  const lastDef = lastDefinitions(structure);
  const finalRead = new Map<string, number>();
  for (const e of structure.events) if (e.agent === 'final') finalRead.set(elementName(e.element.location, e.element.index), e.id);
  return (atom) => {
    if (atom.kind === 'reg') {
      const def = lastDef.get(`${atom.thread}:${atom.reg}`);
      if (def === undefined) return atom.value === 0n;
      const bytes = state.bytes.get(def);
      return bytes && decode(structure.events[def]!.element.kind, bytes) === atom.value;
    }
    const location = test.locations.find((l) => l.name === atom.access.location);
    if (!location) return undefined;
    if (location.view) {
      // A view's element: known once every final read under it is decided.
      const e = elementOf(test, atom.access);
      const bytes: number[] = [];
      for (const f of structure.events) {
        if (f.agent !== 'final' || f.byteOffset + f.size <= e.byteOffset || f.byteOffset >= e.byteOffset + e.size) continue;
        const read = state.bytes.get(f.id);
        if (!read) return undefined;
        read.forEach((b, i) => (bytes[f.byteOffset + i - e.byteOffset] = b));
      }
      return decode(e.kind, bytes.slice(0, e.size)) === atom.value;
    }
    const id = finalRead.get(elementName(location, atom.access.index));
    const bytes = id === undefined ? undefined : state.bytes.get(id);
    return bytes && decode(location.kind, bytes) === atom.value;
  };
}
