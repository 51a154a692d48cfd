import type { Instruction, LitmusTest } from './ast.js';
import { isConditionStart, parseCondition } from './condition.js';
import { Cursor, describe } from './cursor.js';
import { type Memory, parseDeclarations } from './declarations.js';
import { LitmusSyntaxError } from './errors.js';
import { VALID_FORMS, type WrittenRegisters, parseInstruction } from './instructions.js';
import { Scanner } from './lexer.js';

export { LitmusSyntaxError };

/**
 * Reads a litmus file: herdtools' column layout with JavaScript instructions.
 *
 * ```
 * JS SB+plain
 * "Store buffering with plain accesses"
 * { x = 0; y = 0; }
 *  P0          | P1          ;
 *  x = 1       | y = 1       ;
 *  r0 = y      | r1 = x      ;
 * exists (0:r0=0 /\ 1:r1=0)
 * ```
 *
 * The initial state declares locations (`int32` unless typed: `int16 h[2] = {1, 2}`,
 * views `int16 xh[2] @ x`), laid out in declaration order and aligned. Each
 * row has one cell per thread; an empty cell is no instruction. The condition
 * is herd's (`exists`, `~exists`, `forall`, `/\`, `\/`, `~`). Comments are
 * `(* ... *)` and `//`.
 *
 * @param file the file name, used in error messages and kept in the result
 * @throws {LitmusSyntaxError} with the line and column of the first problem
 * @example
 * ```ts
 * const test = parseLitmus(await readFile('SB+plain.litmus', 'utf8'), 'SB+plain.litmus');
 * test.threads[0].instructions[0]; // { op: 'store', order: 'plain', target: { location: 'x', index: 0 }, ... }
 * ```
 */
export function parseLitmus(text: string, file?: string): LitmusTest {
  const scanner = new Scanner(text, file);
  const { name, description } = parseHeader(scanner);
  const c = new Cursor(scanner);
  const memory = parseDeclarations(c);
  const threadCount = parseThreadHeader(c);
  const { instructions, written } = parseRows(c, memory, threadCount);
  const condition = parseCondition(c, memory, written);
  if (c.peek().type !== 'eof') c.error(`Expected the end of the file after the condition, found ${describe(c.peek())}`);
  return {
    name,
    ...(description !== undefined && { description }),
    ...(file !== undefined && { file }),
    locations: memory.locations,
    byteLength: memory.byteLength,
    threads: instructions.map((list, id) => ({ id, instructions: list })),
    condition,
  };
}

/** `JS <name>` then an optional `"description"`: line-based, as in herd, so a name may hold `+` and `-`. */
function parseHeader(s: Scanner): { name: string; description?: string } {
  s.skipTrivia();
  const nameExample = 'e.g. JS SB+plain';
  if (!s.startsWith('JS')) s.error(`Expected 'JS <name>' first, ${nameExample}`);
  s.advance(2);
  if (s.peek() !== ' ' && s.peek() !== '\t') s.error(`Expected a test name after 'JS' on the same line, ${nameExample}`);
  while (s.peek() === ' ' || s.peek() === '\t') s.advance();
  const start = s.offset;
  const at = s.position;
  while (s.peek() !== '' && !/\s/.test(s.peek())) s.advance();
  const name = s.text.slice(start, s.offset);
  if (name === '') s.error(`Expected a test name after 'JS' on the same line, ${nameExample}`, at);
  s.skipTrivia(true);
  if (s.peek() !== '\n' && s.peek() !== '') s.error(`A test name is one word: found more after '${name}' on its line`);
  s.skipTrivia();
  if (s.peek() !== '"') return { name };
  return { name, description: readDescription(s) };
}

/** A double-quoted string on one line; `\"` and `\\` escape. */
function readDescription(s: Scanner): string {
  const start = s.position;
  s.advance();
  let text = '';
  for (;;) {
    const c = s.peek();
    if (c === '' || c === '\n') s.error(`Unterminated description: close it with '"' on the same line`, start);
    if (c === '"') {
      s.advance();
      return text;
    }
    if (c === '\\') {
      const escaped = s.peek(1);
      if (escaped !== '"' && escaped !== '\\') s.error(`Unknown escape '\\${escaped}' in the description: only \\" and \\\\ are escapes`);
      text += escaped;
      s.advance(2);
    } else {
      text += c;
      s.advance();
    }
  }
}

/** `P0 | P1 | ... ;`: the threads, named in order. */
function parseThreadHeader(c: Cursor): number {
  for (let count = 0; ; ) {
    const token = c.peek();
    const expected = `P${count}`;
    if (token.type !== 'ident' || token.text !== expected) {
      c.error(
        count === 0
          ? `Expected the thread header 'P0 | P1 ... ;' after the initial state, found ${describe(token)}`
          : `Expected '${expected}' (threads are named P0, P1, ... in order), found ${describe(token)}`,
      );
    }
    c.next();
    count++;
    if (c.accept(';')) return count;
    c.expect('|', `or ';' after '${expected}' in the thread header`);
  }
}

/** Instruction rows up to the condition: `cell | cell | ... ;`, one cell per thread. */
function parseRows(c: Cursor, memory: Memory, count: number): { instructions: Instruction[][]; written: WrittenRegisters[] } {
  const instructions = Array.from({ length: count }, (): Instruction[] => []);
  const written = Array.from({ length: count }, (): WrittenRegisters => new Map());
  const header = Array.from({ length: count }, (_, i) => `P${i}`).join(' | ');
  while (!isConditionStart(c)) {
    const start = c.peek();
    if (start.type === 'eof') c.error(`Expected an instruction row (${header} ;) or the condition, exists (...), found the end of the file`);
    let cell = 0;
    for (;; cell++) {
      if (cell >= count) c.error(`This row has more cells than the ${count} thread(s) of the header (${header}); a bitwise or needs parentheses: x = (r0 | 1)`);
      if (!c.is('|') && !c.is(';')) {
        if (cell === 0 && looksLikeCondition(c, memory)) {
          c.error(`Expected an instruction or the condition (exists (...), ~exists (...) or forall (...)), found ${describe(c.peek())}. Valid instructions: ${VALID_FORMS}`);
        }
        if (isConditionStart(c)) c.error(`Expected an instruction, found ${describe(c.peek())}: end the row with ';' before the condition`);
        instructions[cell]!.push(parseInstruction(c, memory, written[cell]!));
      }
      if (c.accept(';')) break;
      if (!c.is('|')) {
        c.error(`Expected '|' between cells or ';' at the end of the row, found ${describe(c.peek())}: a cell holds one instruction`);
      }
      c.next();
    }
    if (cell + 1 !== count) {
      c.error(
        `This row has ${cell + 1} cell(s) but the header names ${count} thread(s) (${header}); ';' ends a row, so an instruction takes no ';' of its own`,
        start,
      );
    }
  }
  return { instructions, written };
}

/** `exits (...)` at the start of a row is a misspelt quantifier rather than an unknown function. */
function looksLikeCondition(c: Cursor, memory: Memory): boolean {
  const token = c.peek();
  return token.type === 'ident' && token.text !== 'Atomics' && !memory.byName.has(token.text) && c.is('(', 1);
}
