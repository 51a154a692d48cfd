import type { SourcePosition } from './ast.js';
import { LitmusSyntaxError } from './errors.js';

/** A token of a litmus file's body (everything after the name and description lines). */
export interface Token extends SourcePosition {
  readonly type: 'ident' | 'number' | 'punct' | 'eof';
  /** The source text; for a number, its digits as written. */
  readonly text: string;
  /** A number's value. */
  readonly value?: bigint;
}

/** Two-character punctuators first: `/\` and `\/` must not lex as `/` and `\`. */
const PUNCTUATORS = ['/\\', '\\/', '{', '}', '[', ']', '(', ')', ';', ',', '|', '=', '+', '-', '&', '^', '@', ':', '.', '~'];

/**
 * A character scanner that knows lines and columns and skips whitespace and
 * comments: `(* ... *)` (nested, as in herdtools, whose comments are OCaml's)
 * and `//` to the end of the line.
 */
export class Scanner {
  offset = 0;
  line = 1;
  column = 1;

  constructor(
    readonly text: string,
    readonly file: string | undefined,
  ) {
    // A byte-order mark some editors write is not part of line 1's columns.
    if (text.startsWith('\uFEFF')) this.offset = 1;
  }

  get position(): SourcePosition {
    return { line: this.line, column: this.column };
  }

  peek(ahead = 0): string {
    return this.text.charAt(this.offset + ahead);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.offset);
  }

  advance(count = 1): void {
    for (let i = 0; i < count && this.offset < this.text.length; i++) {
      if (this.text[this.offset] === '\n') {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
      this.offset++;
    }
  }

  error(reason: string, position: SourcePosition = this.position): never {
    throw new LitmusSyntaxError(reason, position, this.file);
  }

  /** Skips whitespace and comments; with `sameLine`, stops at a newline. */
  skipTrivia(sameLine = false): void {
    for (;;) {
      const c = this.peek();
      if (c === '\n' && sameLine) return;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.advance();
      else if (this.startsWith('//')) while (this.offset < this.text.length && this.peek() !== '\n') this.advance();
      else if (this.startsWith('(*')) this.skipBlockComment();
      else return;
    }
  }

  private skipBlockComment(): void {
    const start = this.position;
    let depth = 0;
    do {
      if (this.offset >= this.text.length) this.error("Unterminated comment: '(*' needs a closing '*)'", start);
      if (this.startsWith('(*')) {
        depth++;
        this.advance(2);
      } else if (this.startsWith('*)')) {
        depth--;
        this.advance(2);
      } else {
        this.advance();
      }
    } while (depth > 0);
  }
}

const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c);

/**
 * The next token of the scanner's text (`eof` at the end). Tokens are read on
 * demand so that the first problem in the file is the one reported, even when
 * a later line holds a character the lexer rejects.
 */
export function nextToken(scanner: Scanner): Token {
  scanner.skipTrivia();
  const { line, column } = scanner;
  const c = scanner.peek();
  if (c === '') return { type: 'eof', text: '', line, column };
  if (isIdentStart(c)) {
    const start = scanner.offset;
    while (isIdentPart(scanner.peek())) scanner.advance();
    return { type: 'ident', text: scanner.text.slice(start, scanner.offset), line, column };
  }
  if (isDigit(c)) return readNumber(scanner);
  const punct = PUNCTUATORS.find((p) => p[0] === c && scanner.startsWith(p));
  if (punct === undefined) {
    const hint = c === '"' ? ': the description goes on the line after the name' : c === '*' ? ': there is no multiplication' : '';
    scanner.error(`Unexpected character '${c}'${hint}`);
  }
  scanner.advance(punct.length);
  return { type: 'punct', text: punct, line, column };
}

function readNumber(scanner: Scanner): Token {
  const { line, column } = scanner;
  const start = scanner.offset;
  const hex = scanner.startsWith('0x') || scanner.startsWith('0X');
  if (hex) scanner.advance(2);
  while (isIdentPart(scanner.peek())) scanner.advance();
  const text = scanner.text.slice(start, scanner.offset);
  if (!(hex ? /^0[xX][0-9A-Fa-f]+$/ : /^[0-9]+$/).test(text)) {
    scanner.error(`Invalid number '${text}': write decimal digits (42) or hexadecimal (0x2a)`, { line, column });
  }
  return { type: 'number', text, value: BigInt(text), line, column };
}
