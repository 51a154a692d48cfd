import type { SourcePosition } from './ast.js';
import { LitmusSyntaxError } from './errors.js';
import { type Scanner, type Token, nextToken } from './lexer.js';

/** Registers are `r0`, `r1`, ...: thread-local, so they need no declaration. */
export const isRegister = (name: string): boolean => /^r[0-9]+$/.test(name);

/** How a token reads in a message: `'foo'`, or `the end of the file`. */
export function describe(token: Token): string {
  return token.type === 'eof' ? 'the end of the file' : `'${token.text}'`;
}

/** The token stream with the few moves a recursive-descent parser needs (two tokens of lookahead). */
export class Cursor {
  private readonly ahead: Token[] = [];

  constructor(private readonly scanner: Scanner) {}

  get file(): string | undefined {
    return this.scanner.file;
  }

  peek(ahead = 0): Token {
    while (this.ahead.length <= ahead && this.ahead.at(-1)?.type !== 'eof') this.ahead.push(nextToken(this.scanner));
    // Past the end every peek sees the eof token.
    return this.ahead[Math.min(ahead, this.ahead.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.ahead.shift();
    return token;
  }

  /** Whether the token `ahead` is the punctuator or word `text`. */
  is(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type !== 'eof' && token.type !== 'number' && token.text === text;
  }

  accept(text: string): Token | undefined {
    return this.is(text) ? this.next() : undefined;
  }

  /** Consumes `text` or fails with "Expected 'text' <context>, found ...". */
  expect(text: string, context = ''): Token {
    if (this.is(text)) return this.next();
    return this.error(`Expected '${text}'${context ? ` ${context}` : ''}, found ${describe(this.peek())}`);
  }

  error(reason: string, at: SourcePosition = this.peek()): never {
    throw new LitmusSyntaxError(reason, { line: at.line, column: at.column }, this.file);
  }

  /** A number with an optional minus sign, e.g. `-1` or `0xff`. */
  signedNumber(what: string): { value: bigint; at: SourcePosition } {
    const at = this.peek();
    const negative = this.accept('-') !== undefined;
    const token = this.peek();
    if (token.type !== 'number') this.error(`Expected ${what}, found ${describe(token)}`);
    this.next();
    return { value: negative ? -token.value! : token.value!, at };
  }
}
