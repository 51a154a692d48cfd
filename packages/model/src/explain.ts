/**
 * Why the ECMAScript model rejects a candidate execution, in words a reader
 * can check against the litmus file: the axiom that fails, the events by
 * their instruction and line, the values they read or write, and the chain
 * of relations that closes the argument.
 */
import type { Expr, Instruction, LitmusTest } from './litmus/ast.js';
import { type EventStructure, type MemoryEvent, elementLabel, writtenBy } from './events.js';
import type { BetweenConstraint, CandidateExecution, JsRelations, JsViolation, OrderEdge } from './js.js';
import type { Bytes } from './semantics.js';
import { decode, elementName } from './semantics.js';

/** A rejected candidate with what is needed to describe its events. */
export interface Rejected {
  readonly execution: CandidateExecution;
  readonly relations: JsRelations;
  readonly readBytes: ReadonlyMap<number, Bytes>;
}

/** How an instruction reads in a litmus file: `r0 = x`, `Atomics.store(x, 1)`, `r1 = Atomics.add(a[1], r0 + 1)`. */
export function instructionText(test: LitmusTest, instruction: Instruction): string {
  const access = instruction.op === 'load' ? instruction.source : instruction.target;
  const location = test.locations.find((l) => l.name === access.location);
  const loc = location ? elementName(location, access.index) : `${access.location}[${access.index}]`;
  switch (instruction.op) {
    case 'load':
      return instruction.order === 'plain' ? `${instruction.reg} = ${loc}` : `${instruction.reg} = Atomics.load(${loc})`;
    case 'store':
      return instruction.order === 'plain' ? `${loc} = ${exprText(instruction.value)}` : `Atomics.store(${loc}, ${exprText(instruction.value)})`;
    case 'rmw': {
      const call = `Atomics.${instruction.fn}(${loc}, ${exprText(instruction.value)})`;
      return instruction.reg === undefined ? call : `${instruction.reg} = ${call}`;
    }
    case 'cas': {
      const call = `Atomics.compareExchange(${loc}, ${exprText(instruction.expected)}, ${exprText(instruction.replacement)})`;
      return instruction.reg === undefined ? call : `${instruction.reg} = ${call}`;
    }
  }
}

/** A value as a reader wants it: decimal when small, hexadecimal from 2^16 on (`0xFFFFFFFF`). */
export function valueText(value: bigint): string {
  const magnitude = value < 0n ? -value : value;
  if (magnitude < 0x10000n) return String(value);
  return `${value < 0n ? '-' : ''}0x${magnitude.toString(16).toUpperCase()}`;
}

function exprText(expr: Expr, nested = false): string {
  switch (expr.kind) {
    case 'const':
      return valueText(expr.value);
    case 'reg':
      return expr.reg;
    case 'binary': {
      const text = `${exprText(expr.left, true)} ${expr.op} ${exprText(expr.right, true)}`;
      return nested ? `(${text})` : text;
    }
  }
}

/** Describes events of one rejected (or valid) candidate. */
export class EventWords {
  constructor(
    private readonly structure: EventStructure,
    private readonly readBytes: ReadonlyMap<number, Bytes>,
  ) {}

  private event(id: number): MemoryEvent {
    return this.structure.events[id]!;
  }

  /** `P0, line 5` */
  where(id: number): string {
    const e = this.event(id);
    const position = e.compiled?.instruction.position;
    return position ? `P${e.agent}, line ${position.line}` : `P${e.agent}`;
  }

  /** The value a read reads, if known. */
  readValue(id: number): bigint | undefined {
    const bytes = this.readBytes.get(id);
    return bytes && decode(this.event(id).element.kind, bytes);
  }

  /** The value a write writes, if known. */
  writtenValue(id: number): bigint | undefined {
    const e = this.event(id);
    if (e.kind === 'init') return undefined;
    const bytes = writtenBy(this.structure, id, (r) => this.readBytes.get(r));
    return bytes && decode(e.element.kind, bytes);
  }

  /** A read as its result: `1:r1=0`, `the final value x=1`, or the instruction and the value it read. */
  read(id: number): string {
    const e = this.event(id);
    const value = this.readValue(id);
    const name = elementName(e.element.location, e.element.index);
    const shown = value === undefined ? '?' : valueText(value);
    if (e.agent === 'final') return `the final read of ${name} (=${shown})`;
    const instruction = e.compiled!.instruction;
    const reg = instruction.op === 'store' ? undefined : instruction.reg;
    if (reg !== undefined) return `${e.agent}:${reg}=${shown} (${instructionText(this.structure.test, instruction)}, ${this.where(id)})`;
    return `${instructionText(this.structure.test, instruction)} (${this.where(id)}), reading ${shown},`;
  }

  /** A write as what it writes: `x=1 (P0, line 5)`, `Atomics.store(x, 1) (P0, line 5)`, `the initial write`. */
  write(id: number): string {
    const e = this.event(id);
    if (e.kind === 'init') return `the initial write of ${elementLabel(e)}`;
    const instruction = e.compiled!.instruction;
    const value = this.writtenValue(id);
    const shown = value === undefined ? '?' : valueText(value);
    if (instruction.op === 'store' && instruction.order === 'plain') return `${elementName(e.element.location, e.element.index)}=${shown} (${this.where(id)})`;
    const written = instruction.op === 'store' ? '' : `, writing ${shown}`;
    return `${instructionText(this.structure.test, instruction)} (${this.where(id)}${written})`;
  }

  /** A short name for chains: the instruction and its place. */
  short(id: number): string {
    const e = this.event(id);
    if (e.kind === 'init') return `the initial write of ${elementLabel(e)}`;
    if (e.agent === 'final') return `the final read of ${elementName(e.element.location, e.element.index)}`;
    return `${instructionText(this.structure.test, e.compiled!.instruction)} (${this.where(id)})`;
  }
}

/** How a happens-before generator edge reads after "which": `is agent-order-before`, `synchronizes-with`. */
function edgePhrase(structure: EventStructure, relations: JsRelations, a: number, b: number): string {
  if (structure.po.has(a, b)) return 'is agent-order-before';
  if (relations.sw.has(a, b)) return 'synchronizes-with';
  if (structure.events[a]!.kind === 'init') return 'initialises memory before';
  return 'is joined before';
}

/** `A is agent-order-before B, which synchronizes-with C` along a path of happens-before generators. */
function chain(words: EventWords, structure: EventStructure, relations: JsRelations, path: readonly number[]): string {
  const hops = path.slice(1).map((b, i) => `${edgePhrase(structure, relations, path[i]!, b)} ${words.short(b)}`);
  return `${words.short(path[0]!)} ${hops.join(', which ')}`;
}

/** Why `from` happens before `to`, as a chain of generator edges. */
function hbChain(words: EventWords, structure: EventStructure, relations: JsRelations, from: number, to: number): string {
  const path = relations.hbBase.path(from, to);
  return path ? chain(words, structure, relations, path) : `${words.short(from)} happens before ${words.short(to)}`;
}

/** The words for one violation. */
export function explainViolation(rejected: Rejected, violation: JsViolation): string {
  const { structure } = rejected.execution;
  const { relations } = rejected;
  const words = new EventWords(structure, rejected.readBytes);
  const loc = (id: number) => elementName(structure.events[id]!.element.location, structure.events[id]!.element.index);
  switch (violation.axiom) {
    case 'happens-before': {
      return `happens-before must be a strict partial order, but here it has a cycle: ${chain(words, structure, relations, violation.cycle)}.`;
    }
    case 'coherent-reads': {
      const { read, write } = violation;
      if (violation.clause === 'reads-from-later') {
        return `coherent reads: ${words.read(read)} reads ${loc(read)} from ${words.write(write)}, which happens after the read (${hbChain(words, structure, relations, read, write)}).`;
      }
      const { overwrite } = violation;
      const source = structure.events[write]!.kind === 'init' ? 'the initial write' : words.write(write);
      const between = structure.events[write]!.kind === 'init' ? '' : ` after it (${hbChain(words, structure, relations, write, overwrite)})`;
      return `coherent reads: ${words.read(read)} reads ${loc(read)} from ${source}, but ${words.write(overwrite)} writes ${loc(overwrite)}${between} and happens before the read (${hbChain(words, structure, relations, overwrite, read)}).`;
    }
    case 'tear-free-reads': {
      const [a, b] = violation.writes;
      return `tear-free reads: ${words.read(violation.read)} takes bytes from both ${words.write(a)} and ${words.write(b)}, two tear-free writes of its own range; an aligned integer read must see one of them whole.`;
    }
    case 'sequentially-consistent-atomics': {
      const { failure } = violation;
      const because = (c: BetweenConstraint) =>
        `${words.read(c.read)} reads ${loc(c.read)} from ${c.write === c.read ? 'itself' : structure.events[c.write]!.kind === 'init' ? 'the initial write' : words.short(c.write)}, so ${words.short(c.between)} may not come between them (§29.7.4, ${CLAUSE[c.clause]})`;
      const cycleText = (cycle: readonly OrderEdge[]) =>
        cycle
          .map((e) => (e.because ? `${words.short(e.from)} before ${words.short(e.to)} [${because(e.because)}]` : `${words.short(e.from)} before ${words.short(e.to)} [happens-before]`))
          .join('; ');
      const intro = 'sequentially consistent atomics: no memory order (a strict total order of all events that contains happens-before) fits';
      if (!failure.undecided) return `${intro}: it would need ${cycleText(failure.cycles[0] ?? [])} — a cycle.`;
      const c = failure.undecided;
      return `${intro}: ${because(c)}; putting ${words.short(c.between)} before ${words.short(c.write)} needs ${cycleText(failure.cycles[0] ?? [])}, and after the read needs ${cycleText(failure.cycles[1] ?? [])} — a cycle either way.`;
    }
  }
}

const CLAUSE: Record<1 | 2 | 3, string> = {
  1: 'first clause: the write synchronizes-with the read and the other write has the same range',
  2: 'second clause: both SeqCst writes, of equal range, happen before the read',
  3: 'third clause: the SeqCst read and the other write have equal ranges and the write read from happens before both',
};

/**
 * The violation to tell a reader first: the earliest axiom in the spec's
 * order, preferring violations of a thread's read over the final reads.
 */
export function primaryViolation(structure: EventStructure, violations: readonly JsViolation[]): JsViolation {
  const byFinal = (v: JsViolation) => ('read' in v && structure.events[v.read]!.agent === 'final' ? 1 : 0);
  return [...violations].sort((a, b) => byFinal(a) - byFinal(b))[0]!;
}

/** A one-paragraph explanation of a rejected candidate: its first violation, and how many more it has. */
export function explainRejection(rejected: Rejected, violations: readonly JsViolation[]): string {
  const primary = primaryViolation(rejected.execution.structure, violations);
  const more = violations.length - 1;
  return more > 0 ? `${explainViolation(rejected, primary)} (This candidate breaks ${more} more rule instance${more === 1 ? '' : 's'}.)` : explainViolation(rejected, primary);
}
