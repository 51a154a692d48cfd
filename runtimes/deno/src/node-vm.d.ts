/**
 * The one function of Deno's `node:vm` that the worker uses. `deno types`
 * prints no node: modules, and @types/node would bring all of Node's globals
 * into a program that must see Deno's alone.
 */
declare module 'node:vm' {
  /** Runs `code` as a classic script in the current global scope. */
  export function runInThisContext(code: string): unknown;
}
