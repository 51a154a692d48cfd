/**
 * Sequential consistency (Lamport 1979): an execution is an interleaving of
 * the threads' instructions on one memory, each instruction taking effect at
 * once. Every access is atomic, plain and Atomics alike, and byte-wise on the
 * one buffer, so mixed-size accesses simply see each other's bytes.
 *
 * The model is the interleaving itself: a depth-first walk over machine
 * states (program counters, registers, memory), each state visited once.
 */
import type { LitmusTest, Outcome } from './litmus/ast.js';
import { type OutcomeKeyer, outcomeKeyer } from './outcome.js';
import { type CompiledInstruction, compileThreads, execute, initialMemory, makeOutcome, writtenRegisters } from './semantics.js';

/** One step of an interleaving: thread `thread` runs its instruction number `index`. */
export interface InstructionStep {
  readonly kind: 'instruction';
  readonly thread: number;
  readonly index: number;
}

/** An allowed outcome of an operational model, with one run of the model that reaches it. */
export interface OperationalWitness<Step> {
  readonly outcome: Outcome;
  readonly trace: readonly Step[];
}

/**
 * The machine state of an operational model, changed in place by a
 * depth-first walk and restored on the way back (no copy per step).
 */
export class Machine {
  readonly pcs: number[];
  readonly registers: Map<string, bigint>[];
  readonly memory: Uint8Array;
  private readonly registerNames: readonly (readonly string[])[];

  constructor(test: LitmusTest, threads: number) {
    this.pcs = new Array<number>(threads).fill(0);
    this.registers = Array.from({ length: threads }, () => new Map<string, bigint>());
    this.memory = initialMemory(test);
    this.registerNames = writtenRegisters(test);
  }

  /**
   * Runs one instruction on `read` bytes (if it reads), writing through
   * `write` (if it writes); returns how to undo it.
   */
  run(compiled: CompiledInstruction, read: readonly number[] | undefined, write: (bytes: number[]) => () => void): () => void {
    const { thread } = compiled;
    const registers = this.registers[thread]!;
    const reg = compiled.instruction.op === 'store' ? undefined : compiled.instruction.reg;
    const before = reg === undefined ? undefined : registers.get(reg);
    const { written } = execute(compiled, registers, read);
    const undoWrite = written ? write(written) : undefined;
    this.pcs[thread]!++;
    return () => {
      this.pcs[thread]!--;
      undoWrite?.();
      if (reg !== undefined) {
        if (before === undefined) registers.delete(reg);
        else registers.set(reg, before);
      }
    };
  }

  /** Writes bytes to memory; returns how to restore them. */
  store(byteOffset: number, bytes: readonly number[]): () => void {
    const saved = this.memory.slice(byteOffset, byteOffset + bytes.length);
    this.memory.set(bytes, byteOffset);
    return () => this.memory.set(saved, byteOffset);
  }

  /** A copy of `size` bytes of memory (a loop, not Array.from: the models read at every step, and V8 copies a typed array slowly). */
  read(byteOffset: number, size: number): number[] {
    const bytes = new Array<number>(size);
    for (let i = 0; i < size; i++) bytes[i] = this.memory[byteOffset + i]!;
    return bytes;
  }

  /** The outcome key of the current state (unset registers are 0). */
  outcomeKey(keyOf: OutcomeKeyer): string {
    return keyOf((t, reg) => this.registers[t]!.get(reg) ?? 0n, (e) => this.read(e.byteOffset, e.size));
  }

  /** Program counters, memory and register values as a string (unset registers are 0, as they start). */
  key(): string {
    let regs = '';
    this.registerNames.forEach((names, t) => {
      for (const name of names) regs += `${this.registers[t]!.get(name) ?? 0n},`;
    });
    return `${String.fromCharCode(...this.pcs)}|${String.fromCharCode(...this.memory)}|${regs}`;
  }
}

/**
 * The outcomes sequential consistency allows, by key, each with one
 * interleaving that reaches it.
 *
 * @example
 * ```ts
 * const allowed = scOutcomes(parseLitmus(sbText));
 * allowed.has('0:r0=0; 1:r1=0; x=1; y=1'); // false: some store comes first
 * ```
 */
export function scOutcomes(test: LitmusTest): Map<string, OperationalWitness<InstructionStep>> {
  const program = compileThreads(test);
  const machine = new Machine(test, program.length);
  const outcomes = new Map<string, OperationalWitness<InstructionStep>>();
  const visited = new Set<string>();
  const keyOf = outcomeKeyer(test);
  const trace: InstructionStep[] = [];
  const steps = instructionSteps(program);

  const visit = (): void => {
    let left = 0;
    for (let t = 0; t < program.length; t++) if (machine.pcs[t]! < program[t]!.length) left++;
    if (left === 0) {
      // A final state has nothing to explore: the outcome key is its memo.
      const key = machine.outcomeKey(keyOf);
      if (!outcomes.has(key)) outcomes.set(key, { outcome: makeOutcome(test, machine.registers, machine.memory), trace: [...trace] });
      return;
    }
    // With one thread left the rest is one path: run it without remembering
    // states (most states are of this kind, and a key costs more than a step).
    if (left > 1) {
      const state = machine.key();
      if (visited.has(state)) return;
      visited.add(state);
    }
    for (let t = 0; t < program.length; t++) {
      const compiled = program[t]![machine.pcs[t]!];
      if (!compiled) continue;
      const { element } = compiled;
      // The instruction takes effect at once on the one memory.
      const undo = machine.run(compiled, compiled.reads ? machine.read(element.byteOffset, element.size) : undefined, (bytes) => machine.store(element.byteOffset, bytes));
      trace.push(steps[t]![compiled.index]!);
      visit();
      trace.pop();
      undo();
    }
  };
  visit();
  return outcomes;
}

/** One step object per instruction, shared by every trace that runs it. */
export function instructionSteps(program: readonly (readonly CompiledInstruction[])[]): InstructionStep[][] {
  return program.map((thread, t) => thread.map((compiled): InstructionStep => ({ kind: 'instruction', thread: t, index: compiled.index })));
}

/**
 * The outcomes of running the threads one after another, whole, in every
 * order: what a batched run gives when its actors do not overlap at all. An
 * observed outcome outside this set needs the threads to have interleaved
 * (or a weak behaviour), so its share is a measure of how often the actors
 * of a run actually raced.
 *
 * @example
 * ```ts
 * serialOutcomes(parseLitmus(sbText)); // Set { '0:r0=0; 1:r1=1; x=1; y=1', '0:r0=1; 1:r1=0; x=1; y=1' }
 * ```
 */
export function serialOutcomes(test: LitmusTest): Set<string> {
  const program = compileThreads(test);
  const keyOf = outcomeKeyer(test);
  const keys = new Set<string>();
  for (const order of permutations(program.map((_, t) => t))) {
    const machine = new Machine(test, program.length);
    for (const t of order) {
      for (const compiled of program[t]!) {
        const { element } = compiled;
        const read = compiled.reads ? machine.read(element.byteOffset, element.size) : undefined;
        machine.run(compiled, read, (bytes) => machine.store(element.byteOffset, bytes));
      }
    }
    keys.add(machine.outcomeKey(keyOf));
  }
  return keys;
}

function* permutations(items: readonly number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i]!, ...tail];
  }
}
