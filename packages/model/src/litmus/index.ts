/**
 * The litmus file format: its AST (the contract every tool reads), the
 * parser and the printer.
 */
export * from './ast.js';
export { LitmusSyntaxError } from './errors.js';
export { parseLitmus } from './parse.js';
export { printLitmus } from './print.js';
