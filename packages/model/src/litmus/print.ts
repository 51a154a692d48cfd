import type { Access, Atom, Condition, Expr, Instruction, LitmusTest, Location, Proposition } from './ast.js';
import { KIND_SPELLINGS } from './kinds.js';

/** Initial states up to this width go on one line, as in `{ x = 0; y = 0; }`. */
const ONE_LINE_INIT = 72;

/**
 * Writes a test as a litmus file that `parseLitmus` reads back to the same
 * test (positions aside): the docs show tests this way and generated
 * experiments carry their source this way. Columns are aligned herd-style.
 *
 * @throws {TypeError} if the name is not one word or the description holds a newline
 * @example
 * ```ts
 * printLitmus(parseLitmus(text)); // the same test, laid out canonically
 * ```
 */
export function printLitmus(test: LitmusTest): string {
  if (!/^\S+$/.test(test.name)) throw new TypeError(`Cannot print test as 'name' must be one word: received '${test.name}'`);
  if (test.description !== undefined && /[\r\n]/.test(test.description)) {
    throw new TypeError(`Cannot print test '${test.name}' as 'description' must be one line`);
  }
  const byName = new Map(test.locations.map((location) => [location.name, location]));
  const lines = [`JS ${test.name}`];
  if (test.description !== undefined) lines.push(`"${test.description.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  lines.push(...printInit(test.locations, byName));
  lines.push(...printRows(test, byName));
  lines.push(printCondition(test.condition, byName));
  return `${lines.join('\n')}\n`;
}

function printInit(locations: readonly Location[], byName: ReadonlyMap<string, Location>): string[] {
  const declarations = locations.map((location) => `${printDeclaration(location, byName)};`);
  const oneLine = `{ ${declarations.join(' ')} }`;
  return oneLine.length <= ONE_LINE_INIT ? [oneLine] : ['{', ...declarations.map((d) => `  ${d}`), '}'];
}

function printDeclaration(location: Location, byName: ReadonlyMap<string, Location>): string {
  const { name, kind, length, initial, view } = location;
  // int32 scalars read best untyped (`x = 0`); anything else says its type.
  const type = kind === 'i32' && length === 1 && !view ? '' : `${KIND_SPELLINGS[kind][0]} `;
  const head = `${type}${name}${length > 1 ? `[${length}]` : ''}`;
  if (view) {
    const offset = location.byteOffset - byName.get(view.of)!.byteOffset;
    return `${head} @ ${view.of}${offset > 0 ? ` + ${offset}` : ''}`;
  }
  const same = initial.every((value) => value === initial[0]);
  return `${head} = ${same ? String(initial[0] ?? 0n) : `{${initial.join(', ')}}`}`;
}

function printRows(test: LitmusTest, byName: ReadonlyMap<string, Location>): string[] {
  const columns = test.threads.map((thread) => [`P${thread.id}`, ...thread.instructions.map((i) => printInstruction(i, byName))]);
  const widths = columns.map((column) => Math.max(...column.map((cell) => cell.length)));
  const rows = Math.max(0, ...columns.map((column) => column.length));
  return Array.from({ length: rows }, (_, row) => ` ${columns.map((column, t) => (column[row] ?? '').padEnd(widths[t]!)).join(' | ')} ;`);
}

function printInstruction(instruction: Instruction, byName: ReadonlyMap<string, Location>): string {
  const access = (a: Access) => printAccess(a, byName);
  switch (instruction.op) {
    case 'store':
      return instruction.order === 'plain'
        ? `${access(instruction.target)} = ${printValue(instruction.value)}`
        : `Atomics.store(${access(instruction.target)}, ${printExpr(instruction.value)})`;
    case 'load':
      return instruction.order === 'plain'
        ? `${instruction.reg} = ${access(instruction.source)}`
        : `${instruction.reg} = Atomics.load(${access(instruction.source)})`;
    case 'rmw':
      return `${assign(instruction.reg)}Atomics.${instruction.fn}(${access(instruction.target)}, ${printExpr(instruction.value)})`;
    case 'cas':
      return `${assign(instruction.reg)}Atomics.compareExchange(${access(instruction.target)}, ${printExpr(instruction.expected)}, ${printExpr(instruction.replacement)})`;
  }
}

const assign = (reg: string | undefined) => (reg === undefined ? '' : `${reg} = `);

/** `x` for a one-element location, `a[1]` otherwise. */
function printAccess(access: Access, byName: ReadonlyMap<string, Location>): string {
  const length = byName.get(access.location)?.length ?? 1;
  return length === 1 && access.index === 0 ? access.location : `${access.location}[${access.index}]`;
}

/** Outside parentheses `|` separates cells, so a stored value whose top operator is `|` is parenthesized. */
function printValue(expr: Expr): string {
  return expr.kind === 'binary' && expr.op === '|' ? `(${printExpr(expr)})` : printExpr(expr);
}

/** Nested operations are always parenthesized: no reader needs to recall that `&` binds tighter than `^`. */
function printExpr(expr: Expr): string {
  if (expr.kind === 'const') return String(expr.value);
  if (expr.kind === 'reg') return expr.reg;
  const operand = (e: Expr) => (e.kind === 'binary' ? `(${printExpr(e)})` : printExpr(e));
  return `${operand(expr.left)} ${expr.op} ${operand(expr.right)}`;
}

function printCondition(condition: Condition, byName: ReadonlyMap<string, Location>): string {
  const quantifier = condition.quantifier === 'not exists' ? '~exists' : condition.quantifier;
  return `${quantifier} (${printProposition(condition.proposition, byName)})`;
}

function printProposition(p: Proposition, byName: ReadonlyMap<string, Location>): string {
  const print = (q: Proposition) => printProposition(q, byName);
  switch (p.kind) {
    case 'true':
      return 'true';
    case 'atom':
      return printAtom(p.atom, byName);
    case 'not':
      return p.operand.kind === 'and' || p.operand.kind === 'or' ? `~(${print(p.operand)})` : `~${print(p.operand)}`;
    case 'and':
    case 'or': {
      // Left-nested chains of one operator read flat; anything else gets parentheses.
      const child = (q: Proposition, side: 'left' | 'right') =>
        (q.kind === 'and' || q.kind === 'or') && (q.kind !== p.kind || side === 'right') ? `(${print(q)})` : print(q);
      return `${child(p.left, 'left')} ${p.kind === 'and' ? '/\\' : '\\/'} ${child(p.right, 'right')}`;
    }
  }
}

function printAtom(atom: Atom, byName: ReadonlyMap<string, Location>): string {
  return atom.kind === 'reg' ? `${atom.thread}:${atom.reg}=${atom.value}` : `${printAccess(atom.access, byName)}=${atom.value}`;
}
