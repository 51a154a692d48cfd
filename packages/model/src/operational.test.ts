import { describe, expect, it } from 'vitest';
import { parseLitmus } from './litmus/index.js';
import { scOutcomes } from './sc.js';
import { compileThreads, execute, initialMemory, makeOutcome } from './semantics.js';
import { tsoOutcomes } from './tso.js';
import { outcomeKey } from './outcome.js';

const sb = (store0: string, store1: string) =>
  parseLitmus(`JS SB
{ x = 0; y = 0; }
 P0     | P1     ;
 ${store0} | ${store1} ;
 r0 = y | r1 = x ;
exists (0:r0=0 /\\ 1:r1=0)`);

const WEAK = '0:r0=0; 1:r1=0; x=1; y=1';

describe('sequential consistency', () => {
  it('has the three interleaving outcomes of SB, and each trace replays to its outcome', () => {
    const test = sb('x = 1', 'y = 1');
    const outcomes = scOutcomes(test);
    expect([...outcomes.keys()].sort()).toEqual(['0:r0=0; 1:r1=1; x=1; y=1', '0:r0=1; 1:r1=0; x=1; y=1', '0:r0=1; 1:r1=1; x=1; y=1']);
    const program = compileThreads(test);
    for (const [key, { trace }] of outcomes) {
      const memory = initialMemory(test);
      const registers = program.map(() => new Map<string, bigint>());
      for (const step of trace) {
        const compiled = program[step.thread]![step.index]!;
        const { byteOffset, size } = compiled.element;
        const { written } = execute(compiled, registers[step.thread]!, compiled.reads ? Array.from(memory.slice(byteOffset, byteOffset + size)) : undefined);
        if (written) memory.set(written, byteOffset);
      }
      expect(outcomeKey(makeOutcome(test, registers, memory))).toBe(key);
    }
  });
});

describe('x86-TSO with the engines’ compilation', () => {
  it('allows SB with plain stores (both stores still in their buffers)', () => {
    const witness = tsoOutcomes(sb('x = 1', 'y = 1')).get(WEAK)!;
    expect(witness.trace.filter((s) => s.kind === 'flush')).toHaveLength(2);
    expect(witness.trace.at(-1)?.kind).toBe('flush');
  });

  it('forbids SB once the stores are Atomics.store (xchg drains the buffer)', () => {
    expect(tsoOutcomes(sb('Atomics.store(x, 1)', 'Atomics.store(y, 1)')).has(WEAK)).toBe(false);
    // With one xchg, the other thread's plain store can still wait in its buffer.
    expect(tsoOutcomes(sb('Atomics.store(x, 1)', 'y = 1')).has(WEAK)).toBe(true);
  });

  it('forbids message passing (stores leave the buffer in order; loads are not reordered)', () => {
    const mp = parseLitmus(`JS MP
{ x = 0; y = 0; }
 P0    | P1     ;
 x = 1 | r0 = y ;
 y = 1 | r1 = x ;
exists (1:r0=1 /\\ 1:r1=0)`);
    expect([...tsoOutcomes(mp).keys()].some((k) => k.startsWith('1:r0=1; 1:r1=0'))).toBe(false);
  });

  it('runs a locked read-modify-write on memory, after its own buffer has drained', () => {
    const test = parseLitmus(`JS SB+rmw
{ x = 0; y = 0; f = 0; }
 P0                | P1                ;
 x = 1             | y = 1             ;
 r2 = Atomics.add(f, 1) | r3 = Atomics.add(f, 1) ;
 r0 = y            | r1 = x            ;
exists (0:r0=0 /\\ 1:r1=0)`);
    const outcomes = tsoOutcomes(test);
    expect([...outcomes.keys()].some((k) => k.startsWith('0:r0=0; 0:r2=') && k.includes('1:r1=0'))).toBe(false);
    for (const { trace } of outcomes.values()) {
      // Every Atomics.add comes after the flush of the store before it in the same thread.
      for (const thread of [0, 1]) {
        const add = trace.findIndex((s) => s.kind === 'instruction' && s.thread === thread && s.index === 1);
        const flush = trace.findIndex((s) => s.kind === 'flush' && s.thread === thread);
        expect(flush).toBeLessThan(add);
      }
    }
  });
});
