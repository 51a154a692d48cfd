import type { Atom, Condition, IntKind, Proposition } from './ast.js';
import { type Cursor, describe, isRegister } from './cursor.js';
import { type Memory, parseAccess, rangeText, typeName } from './declarations.js';
import type { WrittenRegisters } from './instructions.js';
import { KIND_SPELLINGS, inRange } from './kinds.js';

/**
 * Bounds on the condition's shape: far beyond real tests, they keep every
 * consumer that walks the proposition recursively far from the stack limit.
 */
const MAX_NESTING = 32;
const MAX_CONNECTIVES = 256;

/** Whether the next token starts the final condition (and so ends the instruction rows). */
export function isConditionStart(c: Cursor): boolean {
  return c.is('exists') || c.is('forall') || c.is('~');
}

/**
 * `exists P`, `~exists P` or `forall P`, herd's syntax: `/\` binds tighter
 * than `\/`, `~` tightest; atoms are `T:rN=v` (a register of thread T) and
 * `x=v` / `a[1]=v` (a final memory value, views included).
 */
export function parseCondition(c: Cursor, memory: Memory, written: readonly WrittenRegisters[]): Condition {
  let quantifier: Condition['quantifier'];
  if (c.accept('exists')) quantifier = 'exists';
  else if (c.accept('forall')) quantifier = 'forall';
  else if (c.accept('~')) {
    c.expect('exists', "after '~' (~exists)");
    quantifier = 'not exists';
  } else {
    return c.error(`Expected the condition, exists (...), ~exists (...) or forall (...), found ${describe(c.peek())}`);
  }
  return { quantifier, proposition: new PropositionParser(c, memory, written).disjunction(0) };
}

class PropositionParser {
  private connectives = 0;

  constructor(
    private readonly c: Cursor,
    private readonly memory: Memory,
    private readonly written: readonly WrittenRegisters[],
  ) {}

  disjunction(depth: number): Proposition {
    let left = this.conjunction(depth);
    while (this.connective('\\/')) left = { kind: 'or', left, right: this.conjunction(depth) };
    return left;
  }

  private conjunction(depth: number): Proposition {
    let left = this.unary(depth);
    while (this.connective('/\\')) left = { kind: 'and', left, right: this.unary(depth) };
    return left;
  }

  private connective(text: string): boolean {
    if (!this.c.is(text)) return false;
    if (++this.connectives > MAX_CONNECTIVES) this.c.error(`A condition has at most ${MAX_CONNECTIVES} connectives`);
    this.c.next();
    return true;
  }

  private unary(depth: number): Proposition {
    const c: Cursor = this.c;
    const token = c.peek();
    if (depth >= MAX_NESTING) c.error(`The condition nests deeper than ${MAX_NESTING} levels`);
    if (c.accept('~')) return { kind: 'not', operand: this.unary(depth + 1) };
    if (c.accept('true')) return { kind: 'true' };
    if (c.accept('(')) {
      const inner = this.disjunction(depth + 1);
      c.expect(')', `to close the '(' at line ${token.line}, column ${token.column}`);
      return inner;
    }
    return { kind: 'atom', atom: this.atom() };
  }

  private atom(): Atom {
    const c: Cursor = this.c;
    const token = c.peek();
    if (token.type === 'number') return this.registerAtom();
    if (token.type === 'ident' && isRegister(token.text)) {
      c.error(`Register '${token.text}' needs its thread: write 0:${token.text}=1 for ${token.text} of P0`);
    }
    if (token.type !== 'ident') c.error(`Expected a condition atom (0:r0=1, x=1, a[1]=1) or true, found ${describe(token)}`);
    const { access, location } = parseAccess(c, this.memory);
    c.expect('=', `after '${token.text}' (${token.text}=1)`);
    const { value, at } = c.signedNumber(`the final value of '${token.text}'`);
    if (!inRange(location.kind, value)) {
      c.error(`Value ${value} is out of range for '${location.name}' (${typeName(location)}): expected ${rangeText(location.kind)}`, at);
    }
    return { kind: 'mem', access, value };
  }

  /** `1:r0=2`: the thread must exist and write the register, and the value must be one it can read. */
  private registerAtom(): Atom {
    const c: Cursor = this.c;
    const threadToken = c.next();
    const thread = Number(threadToken.value);
    const count = this.written.length;
    if (threadToken.value! >= BigInt(count)) {
      const range = count === 1 ? 'thread 0 only (P0)' : `threads 0 to ${count - 1} (P0 to P${count - 1})`;
      c.error(`Unknown thread ${threadToken.text} in the condition: the test has ${range}`, threadToken);
    }
    c.expect(':', `after thread ${thread} (${thread}:r0=1)`);
    const regToken = c.peek();
    if (regToken.type !== 'ident' || !isRegister(regToken.text)) c.error(`Expected a register after '${thread}:' (${thread}:r0=1), found ${describe(regToken)}`);
    const kinds = this.written[thread]!.get(regToken.text);
    if (!kinds) {
      const writes = [...this.written[thread]!.keys()];
      c.error(
        writes.length === 0
          ? `P${thread} never writes ${regToken.text}: it writes no register (loads and Atomics with 'r0 =' write registers)`
          : `P${thread} never writes ${regToken.text}: it writes ${writes.join(', ')}`,
      );
    }
    c.next();
    c.expect('=', `after '${thread}:${regToken.text}' (${thread}:${regToken.text}=1)`);
    const { value, at } = c.signedNumber(`the final value of ${thread}:${regToken.text}`);
    if (![...kinds].some((kind) => inRange(kind, value))) {
      const ranges = [...kinds].map((kind) => `${KIND_SPELLINGS[kind][0]}: ${rangeText(kind)}`).join('; ');
      c.error(`Value ${value} cannot be read into ${thread}:${regToken.text}, which holds values read from ${ranges}`, at);
    }
    return { kind: 'reg', thread, reg: regToken.text, value };
  }
}
