import type { Access, Expr, Instruction, IntKind, RmwOp, SourcePosition } from './ast.js';
import { type Cursor, describe, isRegister } from './cursor.js';
import { type Memory, parseAccess, rangeText, typeName, unknownLocation } from './declarations.js';
import { inRange } from './kinds.js';

/** Registers a thread writes, each with the kinds of the locations read into it. */
export type WrittenRegisters = Map<string, Set<IntKind>>;

/** Every instruction form, for messages that reject something else. */
export const VALID_FORMS =
  'x = 1, x = r0 + 1, r0 = x, Atomics.store(x, v), r0 = Atomics.load(x), ' +
  'r0 = Atomics.add(x, v) (also sub, and, or, xor, exchange; "r0 =" is optional), ' +
  'r0 = Atomics.compareExchange(x, expected, replacement); an element of an array is a[1]';

const RMW_OPS: readonly RmwOp[] = ['add', 'sub', 'and', 'or', 'xor', 'exchange'];
const ATOMICS_OPS = 'load, store, add, sub, and, or, xor, exchange, compareExchange';
const UNSUPPORTED_OPS = ['wait', 'waitAsync', 'notify', 'isLockFree', 'pause'];

/**
 * Bounds on a value's shape. Real tests use a handful of operators; the bounds
 * keep every consumer that walks a value recursively (models, printer) far
 * from the stack limit, whatever the input.
 */
const MAX_NESTING = 32;
const MAX_OPERATORS = 64;

/** Binary operators from loosest to tightest, as in JavaScript (`|` < `^` < `&` < `+ -`). */
const LEVELS: readonly (readonly ('+' | '-' | '&' | '|' | '^')[])[] = [['|'], ['^'], ['&'], ['+', '-']];

/** Reads one instruction (one cell of a row), noting the registers it writes. */
export function parseInstruction(c: Cursor, memory: Memory, written: WrittenRegisters): Instruction {
  const first = c.peek();
  const position = { line: first.line, column: first.column };
  if (first.type !== 'ident') {
    // `x = r0 | 1 | ...` splits a value into two cells: say so rather than only list the forms.
    const pipe = first.type === 'number' || c.is('(') || c.is('-') ? '; a bitwise or in a value needs parentheses: x = (r0 | 1)' : '';
    c.error(`Expected an instruction, found ${describe(first)}${pipe}. Valid forms: ${VALID_FORMS}`);
  }
  if (first.text === 'Atomics') return parseAtomics(c, memory, written, position);
  if (isRegister(first.text)) return parseRegisterAssignment(c, memory, written, position);
  if (!memory.byName.has(first.text)) {
    if (['let', 'const', 'var'].includes(first.text)) c.error(`Registers need no declaration: write r0 = x, not ${first.text} r0 = x`);
    if (c.is('(', 1) || c.is('.', 1)) c.error(`Unknown function '${first.text}'. Valid forms: ${VALID_FORMS}`);
    unknownLocation(c, first, memory);
  }
  const { access, location } = parseAccess(c, memory);
  c.expect('=', `to store into '${first.text}' (${first.text} = 1); to load it, write r0 = ${first.text}`);
  const value = parseValue(c, memory, location.kind, false);
  return { op: 'store', order: 'plain', target: access, value, position };
}

function parseRegisterAssignment(c: Cursor, memory: Memory, written: WrittenRegisters, position: SourcePosition): Instruction {
  const reg = c.next().text;
  if (c.is('|') || c.is(';')) c.error(`A register alone is not an instruction; a bitwise or in a value needs parentheses: x = (r0 | ${reg})`, position);
  c.expect('=', `after register '${reg}' (a register receives a loaded value: ${reg} = x)`);
  if (c.is('Atomics')) return parseAtomics(c, memory, written, position, reg);
  const source = c.peek();
  if (source.type !== 'ident' || isRegister(source.text)) {
    c.error(`A register receives a loaded value: write ${reg} = x or ${reg} = Atomics.load(x), found ${describe(source)}`);
  }
  const { access, location } = parseAccess(c, memory);
  note(written, reg, location.kind);
  return { op: 'load', order: 'plain', reg, source: access, position };
}

function parseAtomics(c: Cursor, memory: Memory, written: WrittenRegisters, position: SourcePosition, reg?: string): Instruction {
  c.expect('Atomics');
  c.expect('.', "after 'Atomics'");
  const opToken = c.peek();
  const op = opToken.text;
  if (opToken.type !== 'ident') c.error(`Expected an Atomics operation (${ATOMICS_OPS}), found ${describe(opToken)}`);
  if (UNSUPPORTED_OPS.includes(op)) c.error(`Atomics.${op} is not supported in litmus tests: use ${ATOMICS_OPS}`);
  const params = op === 'load' ? ['location'] : op === 'compareExchange' ? ['location', 'expected', 'replacement'] : ['location', 'value'];
  if (op !== 'load' && op !== 'store' && op !== 'compareExchange' && !RMW_OPS.includes(op as RmwOp)) {
    c.error(`Unknown operation Atomics.${op}: valid operations are ${ATOMICS_OPS}`);
  }
  if (op === 'load' && reg === undefined) c.error('Atomics.load needs a register to read into: r0 = Atomics.load(x)', position);
  if (op === 'store' && reg !== undefined) c.error(`Atomics.store writes no register: write Atomics.store(x, v) without '${reg} ='`, position);
  c.next();
  const signature = `Atomics.${op}(${params.join(', ')})`;
  c.expect('(', `after Atomics.${op}`);
  const { access, location } = parseAccess(c, memory);
  const args: Expr[] = [];
  for (const param of params.slice(1)) {
    if (!c.accept(',')) c.error(`${signature} needs a ${param}, found ${describe(c.peek())}`);
    args.push(parseValue(c, memory, location.kind, true));
  }
  if (c.is(',')) {
    c.error(`${signature} takes ${params.length === 1 ? 'one location' : `${params.length} arguments`}: an element of an array is written a[1], not a, 1`);
  }
  c.expect(')', `to close ${signature}`);
  if (reg !== undefined) note(written, reg, location.kind);
  return buildAtomics(op, access, args, position, reg);
}

function buildAtomics(op: string, target: Access, args: Expr[], position: SourcePosition, reg?: string): Instruction {
  const [first, second] = args as [Expr, Expr];
  const withReg = reg === undefined ? {} : { reg };
  if (op === 'load') return { op: 'load', order: 'seqcst', reg: reg!, source: target, position };
  if (op === 'store') return { op: 'store', order: 'seqcst', target, value: first, position };
  if (op === 'compareExchange') return { op: 'cas', ...withReg, target, expected: first, replacement: second, position };
  return { op: 'rmw', fn: op as RmwOp, ...withReg, target, value: first, position };
}

function note(written: WrittenRegisters, reg: string, kind: IntKind): void {
  const kinds = written.get(reg) ?? new Set<IntKind>();
  kinds.add(kind);
  written.set(reg, kinds);
}

/**
 * A value stored into (or compared with) a location of `kind`. A constant on
 * its own must fit the kind: `x = 300` into an int8 is almost surely a slip,
 * while a computed value wraps as the typed array wraps it. Outside
 * parentheses `|` separates cells, so a bitwise or needs them: `x = (r0 | 1)`.
 */
function parseValue(c: Cursor, memory: Memory, kind: IntKind, inParentheses: boolean): Expr {
  const at = c.peek();
  const value = parseExpr(c, memory, inParentheses, 0, { operators: 0 }, 0);
  if (value.kind === 'const' && !inRange(kind, value.value)) {
    c.error(`Value ${value.value} is out of range for ${typeName({ kind, length: 1 })}: expected ${rangeText(kind)}`, at);
  }
  return value;
}

/**
 * One level of JavaScript precedence. `pipe`: whether `|` is an operator here
 * (inside parentheses) rather than a cell separator; `count` holds the
 * operators read so far in the whole value.
 */
function parseExpr(c: Cursor, memory: Memory, pipe: boolean, depth: number, count: { operators: number }, level: number): Expr {
  const ops = LEVELS[level];
  if (!ops) return parsePrimary(c, memory, depth, count);
  let left = parseExpr(c, memory, pipe, depth, count, level + 1);
  for (;;) {
    const op = ops.find((o) => c.is(o));
    if (op === undefined || (op === '|' && !pipe)) return left;
    if (++count.operators > MAX_OPERATORS) c.error(`A value has at most ${MAX_OPERATORS} operators`);
    c.next();
    left = { kind: 'binary', op, left, right: parseExpr(c, memory, pipe, depth, count, level + 1) };
  }
}

function parsePrimary(c: Cursor, memory: Memory, depth: number, count: { operators: number }): Expr {
  const token = c.peek();
  if (c.accept('(')) {
    if (depth >= MAX_NESTING) c.error(`Parentheses nest deeper than ${MAX_NESTING} levels`, token);
    const inner = parseExpr(c, memory, true, depth + 1, count, 0);
    c.expect(')', `to close the '(' at line ${token.line}, column ${token.column}`);
    return inner;
  }
  if (token.type === 'number' || c.is('-')) return { kind: 'const', value: c.signedNumber("a number after '-'").value };
  if (token.type === 'ident' && isRegister(token.text)) {
    c.next();
    return { kind: 'reg', reg: token.text };
  }
  if (token.type === 'ident' && memory.byName.has(token.text)) {
    c.error(`A value is made of constants and registers, not locations: load '${token.text}' first (r0 = ${token.text})`);
  }
  return c.error(`Expected a value (a constant like 1, -1 or 0xff, a register like r0, or + - & | ^ over them), found ${describe(token)}`);
}
