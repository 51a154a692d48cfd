/**
 * A test's candidate executions in the sense of ECMA-262 §29.4: the Shared
 * Data Block events each agent introduces, and a reads-bytes-from choice for
 * every read. Programs have no branches, so the events are fixed by the
 * program and only reads-bytes-from (and so the values read) varies.
 *
 * Events:
 * - one `init` WriteSharedMemory per byte of the buffer (CreateSharedByteDataBlock
 *   introduces one one-byte write per byte, [[Order]] ~init~, [[NoTear]] true);
 *   here its payload is the test's initial byte (the spec's zero, then the
 *   initialising agent's writes, which the host orders before every worker);
 * - per instruction, a ReadSharedMemory (load), WriteSharedMemory (store) or
 *   ReadModifyWriteSharedMemory (Atomics RMWs and compareExchange), ~seq-cst~
 *   for Atomics and ~unordered~ for plain accesses, [[NoTear]] by
 *   IsNoTearConfiguration (integer kinds up to 32 bits always; BigInt64 kinds
 *   only for Atomics);
 * - per element of every owning location, a `final` plain read: the harness
 *   reads the outcome after joining every worker, so every other event
 *   happens before it (host-synchronizes-with). This is how an axiomatic model
 *   without a coherence order gives a final memory state.
 */
import { KIND_BYTES, type IntKind, type LitmusTest, type Outcome } from './litmus/ast.js';
import { Relation } from './relation.js';
import {
  type Bytes,
  type CompiledInstruction,
  type Element,
  compileThreads,
  decode,
  destination,
  elementName,
  finalElements,
  initialMemory,
  makeOutcome,
  operandRegisters,
  writtenBytes,
} from './semantics.js';

/** What an event does: an initial write, a read, a write, or a read-modify-write. */
export type EventKind = 'init' | 'read' | 'write' | 'rmw';

/** [[Order]] of an event: ~init~, ~unordered~ (plain) or ~seq-cst~ (Atomics). */
export type EventOrder = 'init' | 'unordered' | 'seqcst';

/** Who introduced an event: a thread (agent), the initialisation, or the final observer. */
export type Agent = number | 'init' | 'final';

/** One Shared Data Block event. */
export interface MemoryEvent {
  /** Index in {@link EventStructure.events}; relations are over these numbers. */
  readonly id: number;
  readonly kind: EventKind;
  readonly agent: Agent;
  /** Position in its agent's event list (init: the byte's offset; final: the element's order). */
  readonly index: number;
  readonly order: EventOrder;
  /** [[NoTear]]: whether the event may not mix bytes of equal-range writes (§29.7.3). */
  readonly noTear: boolean;
  /** [[ByteIndex]] */
  readonly byteOffset: number;
  /** [[ElementSize]] */
  readonly size: number;
  /** The element accessed; for an init write, the owning element its byte belongs to. */
  readonly element: Element;
  /** The instruction, for thread events. */
  readonly compiled?: CompiledInstruction;
}

/** Part of a read's range that the same writers cover: reads-bytes-from choices are made per cell. */
export interface Cell {
  readonly byteOffset: number;
  readonly size: number;
  /** Non-init writes and read-modify-writes covering the cell (the read itself excluded). */
  readonly writers: readonly number[];
}

/** Marks "the initial writes of the cell's bytes" among a cell's sources. */
export const INIT = -1;

/**
 * Which writes a read takes bytes from, per cell: a nonempty set of writer
 * events ({@link INIT} for the initial writes). Each writer in a set gives at
 * least one byte of the cell.
 */
export interface ReadOption {
  readonly sources: readonly (readonly number[])[];
}

/** The fixed part of every candidate execution of a test. */
export interface EventStructure {
  readonly test: LitmusTest;
  readonly events: readonly MemoryEvent[];
  /** Reads, read-modify-writes and final reads. */
  readonly reads: readonly number[];
  /** Init writes, writes and read-modify-writes. */
  readonly writes: readonly number[];
  /** is-agent-order-before (§29.6.1): program order within each thread. */
  readonly po: Relation;
  /** Init writes happen before every other event (§29.6.6 third bullet; see {@link buildEventStructure}). */
  readonly initBefore: Relation;
  /** host-synchronizes-with: every event happens before the final reads (the harness joins the workers first). */
  readonly finalAfter: Relation;
  /** The init write of each byte (-1 for padding no location owns). */
  readonly initOfByte: readonly number[];
  /** Per read event, its cells. */
  readonly cells: ReadonlyMap<number, readonly Cell[]>;
  /** Per write event, the reads whose values its written bytes depend on (through registers, and an RMW on its own read). */
  readonly dependencies: ReadonlyMap<number, readonly number[]>;
  /** Per thread and instruction index, the event it introduced. */
  readonly eventOf: readonly (readonly number[])[];
}

/** Choices in building the events of a test. */
export interface EventStructureOptions {
  /**
   * `byte` (the spec, CreateSharedByteDataBlock): one init write per byte.
   * `element`: one init write per element of each owning location, with
   * the element's range and [[NoTear]] (IsNoTearConfiguration with ~init~:
   * integer kinds up to 32 bits). The spec's tear-free reads only forbid
   * mixing writes of the read's own range, and a one-byte init write never
   * has the range of a wider read, so with `byte` an aligned Int32 read
   * racing one Int32 write may take some bytes from the write and the rest
   * from the initial value; `element` is the reading under which it may not.
   */
  readonly initialWrites?: 'byte' | 'element';
}

/** IsNoTearConfiguration: integer kinds up to 32 bits never tear; BigInt64 kinds only for Atomics. */
export function isNoTear(kind: IntKind, order: EventOrder): boolean {
  return KIND_BYTES[kind] <= 4 || order === 'seqcst';
}

/** Whether two events have equal ranges (same [[ByteIndex]] and [[ElementSize]]). */
export const equalRange = (a: MemoryEvent, b: MemoryEvent): boolean => a.byteOffset === b.byteOffset && a.size === b.size;

/** Whether two events' ranges share a byte (equal ranges included; §29.1's "overlapping" excludes them). */
export const intersects = (a: MemoryEvent, b: MemoryEvent): boolean => a.byteOffset < b.byteOffset + b.size && b.byteOffset < a.byteOffset + a.size;

/** Whether an event's range contains a byte. */
export const covers = (e: MemoryEvent, byte: number): boolean => byte >= e.byteOffset && byte < e.byteOffset + e.size;

/** Whether an event writes (init, write, rmw). */
export const isWrite = (e: MemoryEvent): boolean => e.kind !== 'read';

/** Whether an event reads (read, rmw, final). */
export const isRead = (e: MemoryEvent): boolean => e.kind === 'read' || e.kind === 'rmw';

/**
 * The events of a test and the relations fixed by the program.
 *
 * One choice beyond the letter of the spec: §29.6.6 orders an init event
 * before the events whose ranges *overlap* its own, and §29.1 defines
 * overlapping as intersecting but not equal, so a one-byte access (equal
 * range to its byte's init write) would not be ordered after it. The spec's
 * intent (the note on §29.6.5, and the PLDI 2020 Alloy and Coq models) is
 * that initialisation happens before everything, which is also what the
 * host's postMessage of the buffer gives; here every init event happens
 * before every other event.
 */
export function buildEventStructure(test: LitmusTest, options: EventStructureOptions = {}): EventStructure {
  const program = compileThreads(test);
  const events: MemoryEvent[] = [];
  const initOfByte = new Array<number>(test.byteLength).fill(-1);
  for (const element of finalElements(test)) {
    if (options.initialWrites === 'element') {
      const id = events.length;
      for (let i = 0; i < element.size; i++) initOfByte[element.byteOffset + i] = id;
      const noTear = isNoTear(element.kind, 'init');
      events.push({ id, kind: 'init', agent: 'init', index: element.byteOffset, order: 'init', noTear, byteOffset: element.byteOffset, size: element.size, element });
      continue;
    }
    for (let i = 0; i < element.size; i++) {
      const byte = element.byteOffset + i;
      initOfByte[byte] = events.length;
      events.push({ id: events.length, kind: 'init', agent: 'init', index: byte, order: 'init', noTear: true, byteOffset: byte, size: 1, element });
    }
  }
  const eventOf = program.map((thread) =>
    thread.map((compiled) => {
      const order: EventOrder = compiled.atomic ? 'seqcst' : 'unordered';
      const kind: EventKind = compiled.reads && compiled.writes ? 'rmw' : compiled.reads ? 'read' : 'write';
      const { element } = compiled;
      const id = events.length;
      events.push({
        id,
        kind,
        agent: compiled.thread,
        index: compiled.index,
        order,
        noTear: isNoTear(element.kind, order),
        byteOffset: element.byteOffset,
        size: element.size,
        element,
        compiled,
      });
      return id;
    }),
  );
  finalElements(test).forEach((element, index) => {
    const order: EventOrder = 'unordered';
    events.push({ id: events.length, kind: 'read', agent: 'final', index, order, noTear: isNoTear(element.kind, order), byteOffset: element.byteOffset, size: element.size, element });
  });

  const n = events.length;
  const po = Relation.of(
    n,
    eventOf.flatMap((thread) => thread.flatMap((a, i) => thread.slice(i + 1).map((b) => [a, b] as const))),
  );
  const initBefore = Relation.product(n, (a) => events[a]!.kind === 'init', (b) => events[b]!.kind !== 'init');
  const finalAfter = Relation.product(n, (a) => events[a]!.agent !== 'final', (b) => events[b]!.agent === 'final');
  const reads = events.filter(isRead).map((e) => e.id);
  const writes = events.filter(isWrite).map((e) => e.id);
  const cells = new Map(reads.map((r) => [r, cellsOf(events, events[r]!)] as const));
  return { test, events, reads, writes, po, initBefore, finalAfter, initOfByte, cells, dependencies: dependenciesOf(program, eventOf), eventOf };
}

/** Splits a read's range where any other writer's range starts or ends. */
function cellsOf(events: readonly MemoryEvent[], read: MemoryEvent): Cell[] {
  const start = read.byteOffset;
  const end = start + read.size;
  const overlapping = events.filter((w) => w.kind !== 'init' && w.kind !== 'read' && w.id !== read.id && intersects(w, read));
  const cuts = new Set([start, end]);
  for (const w of overlapping) {
    if (w.byteOffset > start) cuts.add(w.byteOffset);
    if (w.byteOffset + w.size < end) cuts.add(w.byteOffset + w.size);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  return bounds.slice(0, -1).map((from, i) => {
    const to = bounds[i + 1]!;
    return { byteOffset: from, size: to - from, writers: overlapping.filter((w) => covers(w, from)).map((w) => w.id) };
  });
}

/** For each writing instruction, the reads its written bytes depend on. */
function dependenciesOf(program: CompiledInstruction[][], eventOf: number[][]): Map<number, number[]> {
  const deps = new Map<number, number[]>();
  program.forEach((thread, t) => {
    thread.forEach((compiled, index) => {
      if (!compiled.writes) return;
      const on = new Set<number>();
      if (compiled.reads) on.add(eventOf[t]![index]!);
      for (const reg of operandRegisters(compiled.instruction)) {
        const def = lastDefinition(thread, index, reg);
        if (def !== undefined) on.add(eventOf[t]![def]!);
      }
      deps.set(eventOf[t]![index]!, [...on]);
    });
  });
  return deps;
}

/** The index of the last instruction before `index` that writes register `reg`. */
function lastDefinition(thread: readonly CompiledInstruction[], index: number, reg: string): number | undefined {
  for (let i = index - 1; i >= 0; i--) if (destination(thread[i]!.instruction) === reg) return i;
  return undefined;
}

/**
 * Every reads-bytes-from option of a read: per cell, each nonempty set of
 * sources no larger than the cell (each source gives at least one byte).
 * Single sources come first (the initial writes, then writers in event
 * order), then pairs, and so on.
 */
export function readOptions(structure: EventStructure, read: number): ReadOption[] {
  const perCell = structure.cells.get(read)!.map((cell) => subsets([INIT, ...cell.writers], cell.size));
  let options: number[][][] = [[]];
  for (const choices of perCell) options = options.flatMap((prefix) => choices.map((c) => [...prefix, c]));
  return options.map((sources) => ({ sources }));
}

/** Nonempty subsets of at most `max` elements, smaller subsets first. */
function subsets(items: readonly number[], max: number): number[][] {
  const out: number[][] = [];
  const pick = (from: number, size: number, prefix: number[]): void => {
    if (prefix.length === size) {
      out.push(prefix);
      return;
    }
    for (let i = from; i < items.length; i++) pick(i + 1, size, [...prefix, items[i]!]);
  };
  for (let size = 1; size <= Math.min(max, items.length); size++) pick(0, size, []);
  return out;
}

/** The writer events an option names for a cell ({@link INIT} expanded to the cell's init writes). */
export function sourceEvents(structure: EventStructure, cell: Cell, sources: readonly number[]): number[] {
  return [...new Set(sources.flatMap((s) => (s === INIT ? Array.from({ length: cell.size }, (_, i) => structure.initOfByte[cell.byteOffset + i]!) : [s])))];
}

/** What is known of a candidate's values: bytes read by reads, bytes written by writes. */
export interface Values {
  readonly read: ReadonlyMap<number, Bytes>;
  readonly written: ReadonlyMap<number, Bytes>;
}

/**
 * The bytes a write event writes, given the bytes its dependencies read, or
 * undefined while some dependency's value is unknown.
 */
export function writtenBy(structure: EventStructure, write: number, readBytes: (read: number) => Bytes | undefined): Bytes | undefined {
  const event = structure.events[write]!;
  if (event.kind === 'init') return Array.from({ length: event.size }, (_, i) => initialByte(structure, event.byteOffset + i));
  if (structure.dependencies.get(write)!.some((read) => !readBytes(read))) return undefined;
  const compiled = event.compiled!;
  const register = (name: string) => registerBefore(structure, compiled.thread, compiled.index, name, readBytes) ?? 0n;
  return writtenBytes(compiled.instruction, event.element.kind, register, compiled.reads ? readBytes(write) : undefined);
}

/** A register's value just before instruction `index`: what its last defining read read (0 if none; undefined if unknown). */
export function registerBefore(
  structure: EventStructure,
  thread: number,
  index: number,
  reg: string,
  readBytes: (read: number) => Bytes | undefined,
): bigint | undefined {
  const instructions = structure.test.threads[thread]!.instructions;
  for (let i = Math.min(index, instructions.length) - 1; i >= 0; i--) {
    if (destination(instructions[i]!) !== reg) continue;
    const id = structure.eventOf[thread]![i]!;
    const bytes = readBytes(id);
    return bytes && decode(structure.events[id]!.element.kind, bytes);
  }
  return 0n;
}

const initialCache = new WeakMap<LitmusTest, Uint8Array>();

/** The initial value of one byte. */
export function initialByte(structure: EventStructure, byte: number): number {
  let memory = initialCache.get(structure.test);
  if (!memory) initialCache.set(structure.test, (memory = initialMemory(structure.test)));
  return memory[byte]!;
}

/**
 * A thread's registers just before instruction `index` (each register holds
 * the value its last defining read read), or undefined if a needed read's
 * bytes are unknown. With `index` past the end: the final registers.
 */
export function registersBefore(
  structure: EventStructure,
  thread: number,
  index: number,
  readBytes: (read: number) => Bytes | undefined,
): Map<string, bigint> | undefined {
  const registers = new Map<string, bigint>();
  const instructions = structure.test.threads[thread]!.instructions;
  for (let i = 0; i < Math.min(index, instructions.length); i++) {
    const reg = destination(instructions[i]!);
    if (reg === undefined) continue;
    const id = structure.eventOf[thread]![i]!;
    const bytes = readBytes(id);
    if (!bytes) return undefined;
    registers.set(reg, decode(structure.events[id]!.element.kind, bytes));
  }
  return registers;
}

/** The outcome of a candidate whose reads all have known bytes. */
export function outcomeOf(structure: EventStructure, readBytes: (read: number) => Bytes | undefined): Outcome {
  const { test } = structure;
  const registers = test.threads.map((thread, t) => registersBefore(structure, t, thread.instructions.length, readBytes)!);
  const memory = new Uint8Array(test.byteLength);
  for (const id of structure.reads) {
    const e = structure.events[id]!;
    if (e.agent === 'final') memory.set(readBytes(id)!, e.byteOffset);
  }
  return makeOutcome(test, registers, memory);
}

/** A readable name for the element an event accesses: `x`, `a[1]`, or `byte 2 of x` for an init write. */
export function elementLabel(event: MemoryEvent): string {
  const name = elementName(event.element.location, event.element.index);
  if (event.kind !== 'init' || event.size === event.element.size) return name;
  return `byte ${event.byteOffset - event.element.byteOffset} of ${name}`;
}

/** A candidate execution with its values: reads-bytes-from and the bytes each read reads. */
export interface ValuedCandidate {
  /** reads-bytes-from: per read event, the writer of each byte. */
  readonly readsBytesFrom: ReadonlyMap<number, readonly number[]>;
  readonly readBytes: ReadonlyMap<number, Bytes>;
}

/**
 * Every candidate execution, literally: each byte of each read takes any
 * write (or init write) whose range holds it, other than the read itself
 * (§29.6.2 reads-bytes-from), and the values follow. Candidates whose
 * values depend on themselves (thin air) are skipped. Exponential: this is
 * the definition the fast search is checked against, for small tests.
 */
export function* allCandidates(structure: EventStructure): Generator<ValuedCandidate> {
  const { events, reads } = structure;
  const writersOfByte = (read: number, byte: number) =>
    events.filter((w) => w.id !== read && isWrite(w) && covers(w, byte)).map((w) => w.id);
  const slots = reads.flatMap((r) => Array.from({ length: events[r]!.size }, (_, i) => ({ read: r, i, writers: writersOfByte(r, events[r]!.byteOffset + i) })));
  const choice = new Array<number>(slots.length).fill(0);
  for (;;) {
    const rbf = new Map<number, number[]>(reads.map((r) => [r, []]));
    slots.forEach((slot, k) => (rbf.get(slot.read)![slot.i] = slot.writers[choice[k]!]!));
    const readBytes = valuesOf(structure, rbf);
    if (readBytes) yield { readsBytesFrom: rbf, readBytes };
    let k = 0;
    while (k < slots.length && ++choice[k]! === slots[k]!.writers.length) choice[k++] = 0;
    if (k === slots.length) return;
  }
}

/** The bytes every read reads under a reads-bytes-from, or undefined when some values depend on themselves. */
export function valuesOf(structure: EventStructure, rbf: ReadonlyMap<number, readonly number[]>): Map<number, Bytes> | undefined {
  const bytes = new Map<number, Bytes>();
  const readBytes = (r: number) => bytes.get(r);
  let progress = true;
  while (progress && bytes.size < rbf.size) {
    progress = false;
    for (const [read, writers] of rbf) {
      if (bytes.has(read)) continue;
      const e = structure.events[read]!;
      const value: number[] = [];
      for (let i = 0; i < writers.length; i++) {
        const w = structure.events[writers[i]!]!;
        const payload = writtenBy(structure, w.id, readBytes);
        if (!payload) break;
        value.push(payload[e.byteOffset + i - w.byteOffset]!);
      }
      if (value.length < writers.length) continue;
      bytes.set(read, value);
      progress = true;
    }
  }
  return bytes.size === rbf.size ? bytes : undefined;
}
