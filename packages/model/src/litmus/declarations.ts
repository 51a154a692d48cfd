import { KIND_BYTES, type Access, type IntKind, type Location, type SourcePosition } from './ast.js';
import { type Cursor, describe, isRegister } from './cursor.js';
import { KIND_LIST, KIND_SPELLINGS, fromBytes, inRange, kindOf, kindRange, toBytes } from './kinds.js';
import type { Token } from './lexer.js';

/** The locations of a test, by name, and the size of the buffer that holds them. */
export interface Memory {
  readonly locations: readonly Location[];
  readonly byName: ReadonlyMap<string, Location>;
  readonly byteLength: number;
}

/** Words that start other constructs: a location with one of these names would be ambiguous. */
const RESERVED = new Set(['Atomics', 'exists', 'forall', 'true', ...Object.values(KIND_SPELLINGS).flat()]);

/** A litmus test is small; this bound keeps a typo (`a[1000000]`) from allocating megabytes. */
const MAX_ELEMENTS = 4096;

/** The buffer's length is rounded up to 8 so a 64-bit view can be laid over any test's memory. */
const BUFFER_ALIGN = 8;

const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** `int16[2]`, `int32`: a location's type as the file spells it. */
export function typeName(location: Pick<Location, 'kind' | 'length'>): string {
  const kind = KIND_SPELLINGS[location.kind][0];
  return location.length === 1 ? kind : `${kind}[${location.length}]`;
}

/** `-128 to 127`: a kind's range for messages. */
export function rangeText(kind: IntKind): string {
  const { min, max } = kindRange(kind);
  return `${min} to ${max}`;
}

/**
 * Reads the initial state `{ x = 0; int16 h[2] @ x; ... }` and lays the
 * locations out: non-view locations in declaration order from byte 0, each
 * aligned to its element size (as a typed array over the buffer requires).
 */
export function parseDeclarations(c: Cursor): Memory {
  c.expect('{', 'to open the initial state, e.g. { x = 0; y = 0; }');
  const locations: Location[] = [];
  const byName = new Map<string, Location>();
  let end = 0;
  while (!c.accept('}')) {
    const location = parseDeclaration(c, byName, end);
    locations.push(location);
    byName.set(location.name, location);
    if (!location.view) end = location.byteOffset + KIND_BYTES[location.kind] * location.length;
    if (!c.accept(';') && !c.is('}')) {
      c.error(`Expected ';' between declarations or '}' to close the initial state, found ${describe(c.peek())}`);
    }
  }
  return { locations, byName, byteLength: alignUp(end, BUFFER_ALIGN) };
}

function parseDeclaration(c: Cursor, byName: ReadonlyMap<string, Location>, end: number): Location {
  const first = c.peek();
  if (first.type === 'number' && c.is(':', 1)) c.error('Registers start at 0 and cannot be initialised: declare only locations here');
  if (first.type !== 'ident') {
    c.error(`Expected a declaration (x = 0, int16 h[2] = {1, 2}, int8 b[4] @ x), found ${describe(first)}`);
  }
  const spelled = kindOf(first.text);
  if (spelled) c.next();
  else if (c.peek(1).type === 'ident') c.error(`Unknown type '${first.text}': valid types are ${KIND_LIST} (or i8, u8, ..., u64)`);
  const kind: IntKind = spelled ?? 'i32';
  const nameToken = c.next();
  if (nameToken.type !== 'ident') c.error(`Expected a location name after '${first.text}', found ${describe(nameToken)}`, nameToken);
  checkName(c, nameToken, byName);
  const name = nameToken.text;
  const position = { line: nameToken.line, column: nameToken.column };
  const isArray = c.accept('[') !== undefined;
  const length = isArray ? parseLength(c, name) : 1;
  if (c.accept('@')) return parseView(c, { name, kind, length, position }, byName);
  const initial = c.accept('=') ? parseInitial(c, kind, length, isArray, name) : new Array<bigint>(length).fill(0n);
  return { name, kind, length, byteOffset: alignUp(end, KIND_BYTES[kind]), initial, position };
}

function checkName(c: Cursor, token: Token, byName: ReadonlyMap<string, Location>): void {
  const name = token.text;
  if (RESERVED.has(name)) c.error(`'${name}' is a reserved word: choose another location name`, token);
  if (isRegister(name)) c.error(`'${name}' is a register name: location names must not be 'r' followed by digits`, token);
  const earlier = byName.get(name);
  if (earlier) c.error(`Duplicate location '${name}': already declared at line ${earlier.position.line}, column ${earlier.position.column}`, token);
}

function parseLength(c: Cursor, name: string): number {
  const token = c.peek();
  if (token.type !== 'number') c.error(`Expected the number of elements of '${name}', found ${describe(token)}`);
  if (token.value! < 1n || token.value! > BigInt(MAX_ELEMENTS)) c.error(`An array has 1 to ${MAX_ELEMENTS} elements: '${name}' has ${token.text}`);
  c.next();
  c.expect(']', `to close the length of '${name}'`);
  return Number(token.value);
}

function parseInitial(c: Cursor, kind: IntKind, length: number, isArray: boolean, name: string): bigint[] {
  const value = () => {
    const { value, at } = c.signedNumber(`an initial value for '${name}'`);
    if (!inRange(kind, value)) c.error(`Initial value ${value} is out of range for ${typeName({ kind, length: 1 })}: expected ${rangeText(kind)}`, at);
    return value;
  };
  if (!c.is('{')) return new Array<bigint>(length).fill(value());
  if (!isArray) c.error(`'${name}' is a scalar: write ${name} = 1 (or declare an array, ${name}[2] = {1, 2})`);
  const open = c.next();
  const values = [value()];
  while (c.accept(',')) values.push(value());
  c.expect('}', `to close the initial values of '${name}'`);
  if (values.length !== length) c.error(`'${name}' has ${length} elements but ${values.length} initial values are given`, open);
  return values;
}

interface ViewHead {
  readonly name: string;
  readonly kind: IntKind;
  readonly length: number;
  readonly position: SourcePosition;
}

/** `int16 h[2] @ x + 2`: `h` names bytes 2.. of `x` as Int16 elements. */
function parseView(c: Cursor, head: ViewHead, byName: ReadonlyMap<string, Location>): Location {
  const ofToken = c.peek();
  if (ofToken.type !== 'ident') c.error(`Expected the location that '${head.name}' views after '@', found ${describe(ofToken)}`);
  const of = byName.get(ofToken.text);
  if (!of) c.error(`Unknown location '${ofToken.text}': a view comes after the location it views (${knownNames(byName)})`);
  if (of.view) c.error(`'${of.name}' is itself a view of '${of.view.of}': view '${of.view.of}' directly (@ ${of.view.of} + offset)`);
  c.next();
  let offset = 0n;
  if (c.accept('+')) {
    const token = c.peek();
    if (token.type !== 'number') c.error(`Expected a byte offset inside '${of.name}' after '+', found ${describe(token)}`);
    offset = c.next().value!;
  }
  if (c.is('=')) c.error(`A view has no initial value of its own: '${head.name}' shows the bytes of '${of.name}'`);
  const elementSize = KIND_BYTES[head.kind];
  const ofSize = KIND_BYTES[of.kind] * of.length;
  if (offset + BigInt(elementSize * head.length) > BigInt(ofSize)) {
    c.error(
      `View '${head.name}' (${typeName(head)}, ${elementSize * head.length} bytes from byte ${offset}) does not fit inside '${of.name}' (${typeName(of)}, ${ofSize} bytes)`,
      head.position,
    );
  }
  const byteOffset = of.byteOffset + Number(offset);
  if (byteOffset % elementSize !== 0) {
    c.error(
      `View '${head.name}' is misaligned: ${KIND_SPELLINGS[head.kind][0]} elements start at a multiple of ${elementSize} bytes, but '${of.name}' + ${offset} is byte ${byteOffset} of the buffer`,
      head.position,
    );
  }
  const bytes = of.initial.flatMap((value) => toBytes(of.kind, value));
  const initial = Array.from({ length: head.length }, (_, i) => {
    const start = Number(offset) + i * elementSize;
    return fromBytes(head.kind, bytes.slice(start, start + elementSize));
  });
  return { ...head, byteOffset, initial, view: { of: of.name } };
}

function knownNames(byName: ReadonlyMap<string, Location>): string {
  return byName.size === 0 ? 'no location is declared' : `declared: ${[...byName.keys()].join(', ')}`;
}

/** Fails with "Unknown location 'z' (declared: x, y)". */
export function unknownLocation(c: Cursor, token: Token, memory: Memory): never {
  return c.error(`Unknown location '${token.text}' (${knownNames(memory.byName)})`, token);
}

/** `x` or `a[1]`: an element of a declared location. */
export function parseAccess(c: Cursor, memory: Memory): { access: Access; location: Location } {
  const token = c.peek();
  if (token.type !== 'ident') c.error(`Expected a location, found ${describe(token)}`);
  const location = memory.byName.get(token.text);
  if (!location) unknownLocation(c, token, memory);
  c.next();
  const { name, length } = location;
  if (!c.accept('[')) {
    if (length > 1) c.error(`'${name}' is an array of ${typeName(location)}: write ${name}[0] to ${name}[${length - 1}]`, token);
    return { access: { location: name, index: 0 }, location };
  }
  const index = c.peek();
  if (index.type !== 'number') c.error(`Expected an element index of '${name}', found ${describe(index)}`);
  if (index.value! >= BigInt(length)) {
    c.error(`Index ${index.text} is out of range for '${name}' (${typeName(location)}): valid indexes are 0 to ${length - 1}`, index);
  }
  c.next();
  c.expect(']', `to close the index of '${name}'`);
  return { access: { location: name, index: Number(index.value) }, location };
}
