/**
 * Outcomes as every model reports them: a stable readable key, the truth of
 * a test's proposition on an outcome, and herd's reading of a condition over
 * a set of allowed outcomes.
 */
import type { Atom, Condition, LitmusTest, Outcome, Proposition } from './litmus/ast.js';
import { type Element, decode, elementName, elementOf, encode, finalElements, writtenRegisters } from './semantics.js';

/** Compares names with digit runs as numbers (`r2` < `r10`, `a[2]` < `a[10]`). */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Register keys (`T:rN`) in outcome-key order: by thread, then name. */
export function sortRegisterKeys(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => {
    const [ta, ra] = a.split(':') as [string, string];
    const [tb, rb] = b.split(':') as [string, string];
    return Number(ta) - Number(tb) || naturalCompare(ra, rb);
  });
}

/**
 * A stable, readable key for an outcome: registers by thread then name,
 * then memory by name, `; `-separated.
 *
 * @example
 * ```ts
 * outcomeKey({ registers: { '1:r1': 0n, '0:r0': 0n }, memory: { x: 1n } }); // "0:r0=0; 1:r1=0; x=1"
 * ```
 */
export function outcomeKey(outcome: Outcome): string {
  const registers = sortRegisterKeys(Object.keys(outcome.registers));
  const memory = Object.keys(outcome.memory).sort(naturalCompare);
  return [...registers.map((r) => `${r}=${outcome.registers[r]}`), ...memory.map((m) => `${m}=${outcome.memory[m]}`)].join('; ');
}

/** The value an atom's left-hand side has in an outcome (a view's element is read from the bytes it views). */
export function atomValue(test: LitmusTest, atom: Atom, outcome: Outcome): bigint {
  if (atom.kind === 'reg') return outcome.registers[`${atom.thread}:${atom.reg}`] ?? 0n;
  const element = elementOf(test, atom.access);
  if (!element.location.view) return outcome.memory[elementName(element.location, element.index)] ?? 0n;
  const bytes = new Uint8Array(test.byteLength);
  for (const e of finalElements(test)) bytes.set(encode(e.kind, outcome.memory[elementName(e.location, e.index)] ?? 0n), e.byteOffset);
  return decode(element.kind, Array.from(bytes.slice(element.byteOffset, element.byteOffset + element.size)));
}

/** Whether an outcome satisfies a proposition. */
export function satisfies(test: LitmusTest, proposition: Proposition, outcome: Outcome): boolean {
  return evaluatePartial(proposition, (atom) => atomValue(test, atom, outcome) === atom.value) === true;
}

/**
 * Three-valued evaluation for a partly known outcome: `atom` answers
 * true/false, or undefined while its value is unknown; the result is
 * undefined when the known atoms do not decide the proposition.
 */
export function evaluatePartial(proposition: Proposition, atom: (atom: Atom) => boolean | undefined): boolean | undefined {
  switch (proposition.kind) {
    case 'true':
      return true;
    case 'atom':
      return atom(proposition.atom);
    case 'not': {
      const v = evaluatePartial(proposition.operand, atom);
      return v === undefined ? undefined : !v;
    }
    case 'and': {
      const l = evaluatePartial(proposition.left, atom);
      if (l === false) return false;
      const r = evaluatePartial(proposition.right, atom);
      if (r === false) return false;
      return l === true && r === true ? true : undefined;
    }
    case 'or': {
      const l = evaluatePartial(proposition.left, atom);
      if (l === true) return true;
      const r = evaluatePartial(proposition.right, atom);
      if (r === true) return true;
      return l === false && r === false ? false : undefined;
    }
  }
}

/**
 * Whether an outcome bears on the condition's verdict: for `exists` and
 * `~exists`, outcomes that satisfy the proposition; for `forall`, outcomes
 * that violate it. These are the forbidden outcomes worth explaining.
 */
export function isWitnessOf(condition: Condition, satisfiesProposition: boolean): boolean {
  return condition.quantifier === 'forall' ? !satisfiesProposition : satisfiesProposition;
}

/**
 * herd's reading of a condition over the allowed outcomes: `exists P` holds
 * when some allowed outcome satisfies P, `~exists P` when none does,
 * `forall P` when all do.
 */
export function conditionHolds(condition: Condition, allowedSatisfying: readonly boolean[]): boolean {
  switch (condition.quantifier) {
    case 'exists':
      return allowedSatisfying.some(Boolean);
    case 'not exists':
      return !allowedSatisfying.some(Boolean);
    case 'forall':
      return allowedSatisfying.every(Boolean);
  }
}

/** Builds an outcome's key from its registers and the bytes of its final memory. */
export type OutcomeKeyer = (register: (thread: number, reg: string) => bigint, memory: (element: Element) => readonly number[]) => string;

/** One part of an outcome key, in key order: a register written by some instruction, or an element of final memory. */
export type KeySlot =
  | { readonly name: string; readonly register: { readonly thread: number; readonly reg: string } }
  | { readonly name: string; readonly element: Element };

/** The parts of a test's outcome keys, in the order {@link outcomeKey} writes them. */
export function keySlots(test: LitmusTest): KeySlot[] {
  const registers = sortRegisterKeys(writtenRegisters(test).flatMap((regs, t) => regs.map((r) => `${t}:${r}`))).map((name): KeySlot => {
    const [thread, reg] = name.split(':') as [string, string];
    return { name, register: { thread: Number(thread), reg } };
  });
  const elements = finalElements(test)
    .map((element): KeySlot => ({ element, name: elementName(element.location, element.index) }))
    .sort((a, b) => naturalCompare(a.name, b.name));
  return [...registers, ...elements];
}

/**
 * A fast {@link outcomeKey} for one test's final states, for models that
 * meet the same outcome many times: the key is built from the final
 * registers and memory bytes without building the outcome first.
 */
export function outcomeKeyer(test: LitmusTest): OutcomeKeyer {
  const slots = keySlots(test);
  return (register, memory) => {
    let key = '';
    for (const slot of slots) {
      const value = 'register' in slot ? register(slot.register.thread, slot.register.reg) : decode(slot.element.kind, memory(slot.element));
      key += `${key ? '; ' : ''}${slot.name}=${value}`;
    }
    return key;
  };
}
