/**
 * x86-TSO, as the abstract machine of Owens, Sarkar and Sewell ("A better
 * x86 memory model: x86-TSO", TPHOLs 2009; Sewell et al., CACM 53(7), 2010),
 * running JavaScript compiled as V8, SpiderMonkey and JavaScriptCore compile
 * it for x86-64:
 *
 * | JavaScript                      | x86                | in the machine                                   |
 * |---------------------------------|--------------------|--------------------------------------------------|
 * | plain load, `Atomics.load`      | `mov` (load)       | own store buffer first (newest entry), else memory |
 * | plain store                     | `mov` (store)      | appended to the thread's FIFO store buffer        |
 * | `Atomics.store`                 | `xchg`             | locked: buffer drained, then memory written at once |
 * | RMWs, `Atomics.compareExchange` | `lock xadd/cmpxchg`| locked: buffer drained, read and write at once     |
 *
 * A `lock cmpxchg` that fails still writes (Intel SDM vol. 2, CMPXCHG: "the
 * destination operand receives a write cycle without regard to the result of
 * the comparison"); it writes back what it read, as in the JavaScript model.
 *
 * Why the operational machine rather than the axiomatic x86-TSO: it runs the
 * test directly (no candidate enumeration), it is proven equivalent to the
 * axiomatic model for aligned same-size accesses (Owens et al., §3), and it
 * extends to mixed sizes in the obvious way, byte-wise: a buffer entry keeps
 * the bytes one `mov` stored, is committed to memory as a unit (aligned
 * accesses are single-copy atomic on x86), and a load takes each byte from the
 * newest own buffered store that covers it, else from memory. x86-TSO
 * itself says nothing about partially overlapping buffered stores. Real
 * cores cannot forward such a store and make the load wait until it (and
 * every older store of the thread) has drained; the byte-wise reading also
 * lets the load run earlier, so it may allow a little more than hardware,
 * never less.
 */
import type { LitmusTest } from './litmus/ast.js';
import { outcomeKeyer } from './outcome.js';
import { type InstructionStep, Machine, type OperationalWitness, instructionSteps, scOutcomes } from './sc.js';
import { type CompiledInstruction, compileThreads, makeOutcome } from './semantics.js';

/** A store buffer's oldest entry reaching memory. */
export interface FlushStep {
  readonly kind: 'flush';
  readonly thread: number;
  readonly byteOffset: number;
  readonly bytes: readonly number[];
}

/** One step of the TSO machine: an instruction, or a buffered store reaching memory. */
export type TsoStep = InstructionStep | FlushStep;

interface BufferedStore {
  readonly byteOffset: number;
  readonly bytes: readonly number[];
}

/**
 * Whether an instruction compiles to a locked x86 instruction (a full
 * barrier): `Atomics.store` (`xchg`) and every read-modify-write.
 */
export const isLocked = (compiled: CompiledInstruction): boolean => compiled.atomic && compiled.writes;

/**
 * The outcomes x86-TSO allows for the compiled test, by key, each with one
 * run of the machine that reaches it. `sc`, the test's {@link scOutcomes}
 * when already computed, is the answer for a test without plain stores.
 *
 * @example
 * ```ts
 * tsoOutcomes(parseLitmus(sbPlainText)).has('0:r0=0; 1:r1=0; x=1; y=1'); // true: both stores still buffered
 * ```
 */
export function tsoOutcomes(test: LitmusTest, sc?: ReadonlyMap<string, OperationalWitness<InstructionStep>>): Map<string, OperationalWitness<TsoStep>> {
  const program = compileThreads(test);
  // Only plain stores are buffered (Atomics.store and RMWs are locked): without
  // them every buffer stays empty, and the machine is the SC machine step for step.
  if (program.every((thread) => thread.every((compiled) => !compiled.writes || isLocked(compiled)))) return new Map(sc ?? scOutcomes(test));
  const machine = new Machine(test, program.length);
  const buffers: BufferedStore[][] = program.map(() => []);
  const outcomes = new Map<string, OperationalWitness<TsoStep>>();
  const visited = new Set<string>();
  const keyOf = outcomeKeyer(test);
  const trace: TsoStep[] = [];

  const steps = instructionSteps(program);

  const visit = (): void => {
    if (program.every((thread, t) => machine.pcs[t] === thread.length && buffers[t]!.length === 0)) {
      // A final state has nothing to explore: the outcome key is its memo.
      const key = machine.outcomeKey(keyOf);
      if (!outcomes.has(key)) outcomes.set(key, { outcome: makeOutcome(test, machine.registers, machine.memory), trace: [...trace] });
      return;
    }
    const state = `${machine.key()}|${buffersKey(buffers)}`;
    if (visited.has(state)) return;
    visited.add(state);
    for (let t = 0; t < program.length; t++) {
      const buffer = buffers[t]!;
      if (buffer.length > 0) {
        // The oldest buffered store of t reaches memory.
        const oldest = buffer.shift()!;
        const undo = machine.store(oldest.byteOffset, oldest.bytes);
        trace.push({ kind: 'flush', thread: t, byteOffset: oldest.byteOffset, bytes: oldest.bytes });
        visit();
        trace.pop();
        undo();
        buffer.unshift(oldest);
      }
      const compiled = program[t]![machine.pcs[t]!];
      if (!compiled) continue;
      // A locked instruction waits for its own buffer to drain (the flushes above).
      const locked = isLocked(compiled);
      if (locked && buffer.length > 0) continue;
      const { element } = compiled;
      // A locked instruction runs with an empty buffer, so `load` reads memory.
      const read = compiled.reads ? load(machine.memory, buffer, element.byteOffset, element.size) : undefined;
      const undo = machine.run(compiled, read, (bytes) => {
        if (locked) return machine.store(element.byteOffset, bytes);
        buffer.push({ byteOffset: element.byteOffset, bytes });
        return () => void buffer.pop();
      });
      trace.push(steps[t]![compiled.index]!);
      visit();
      trace.pop();
      undo();
    }
  };
  visit();
  return outcomes;
}

/** Each byte from the newest own buffered store covering it, else from memory. */
function load(memory: Uint8Array, buffer: readonly BufferedStore[], byteOffset: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => {
    const at = byteOffset + i;
    for (let k = buffer.length - 1; k >= 0; k--) {
      const entry = buffer[k]!;
      if (at >= entry.byteOffset && at < entry.byteOffset + entry.bytes.length) return entry.bytes[at - entry.byteOffset]!;
    }
    return memory[at]!;
  });
}

function buffersKey(buffers: readonly (readonly BufferedStore[])[]): string {
  let key = '';
  for (const buffer of buffers) {
    for (const entry of buffer) key += `${entry.byteOffset}:${String.fromCharCode(...entry.bytes)},`;
    key += '|';
  }
  return key;
}
