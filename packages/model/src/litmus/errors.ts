import type { SourcePosition } from './ast.js';

/**
 * A litmus file that cannot be read: where (1-based line and column) and what
 * was expected there. The message reads `file:line:column: reason`, the form
 * editors and terminals turn into a link.
 *
 * @example
 * ```ts
 * try {
 *   parseLitmus(text, 'SB.litmus');
 * } catch (error) {
 *   if (error instanceof LitmusSyntaxError) console.error(error.message); // SB.litmus:5:2: Unknown location 'z' ...
 * }
 * ```
 */
export class LitmusSyntaxError extends Error {
  override readonly name = 'LitmusSyntaxError';
  /** The file given to the parser, if any. */
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  /** The message without the `file:line:column: ` prefix. */
  readonly reason: string;

  constructor(reason: string, position: SourcePosition, file?: string) {
    super(`${file ?? '<litmus>'}:${position.line}:${position.column}: ${reason}`);
    this.file = file;
    this.line = position.line;
    this.column = position.column;
    this.reason = reason;
  }
}
