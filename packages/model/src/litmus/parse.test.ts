import { describe, expect, it } from 'vitest';
import type { Instruction, LitmusTest, Proposition } from './ast.js';
import { LitmusSyntaxError, parseLitmus } from './index.js';

const SB = `JS SB+plain
"Store buffering with plain accesses"
{ x = 0; y = 0; }
 P0          | P1          ;
 x = 1       | y = 1       ;
 r0 = y      | r1 = x      ;
exists (0:r0=0 /\\ 1:r1=0)
`;

/** Drops source positions (and the file), which the tests below do not spell out. */
function strip<T>(value: T): T {
  if (Array.isArray(value)) return value.map(strip) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'position' && key !== 'file')
      .map(([key, v]) => [key, strip(v)]),
  ) as T;
}

/** A one-thread test around `cell`, over `init`; returns its only instruction. */
function instruction(cell: string, init = '{ x = 0; int32 a[2] = 0; }'): Omit<Instruction, 'position'> {
  const test = parseLitmus(`JS T\n${init}\n P0 ;\n ${cell} ;\nexists (true)\n`);
  return strip(test.threads[0]!.instructions[0]!);
}

function condition(text: string, init = '{ x = 0; int32 a[2] = 0; int16 h @ x; }'): LitmusTest['condition'] {
  return strip(parseLitmus(`JS T\n${init}\n P0 | P1 ;\n r0 = x | r1 = x ;\n${text}\n`).condition);
}

function errorOf(text: string, file?: string): LitmusSyntaxError {
  try {
    parseLitmus(text, file);
  } catch (error) {
    if (error instanceof LitmusSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error:\n${text}`);
}

const c = (value: bigint) => ({ kind: 'const', value }) as const;
const r = (reg: string) => ({ kind: 'reg', reg }) as const;
const x = { location: 'x', index: 0 };
const regAtom = (thread: number, reg: string, value: bigint): Proposition => ({ kind: 'atom', atom: { kind: 'reg', thread, reg, value } });

describe('parseLitmus', () => {
  it('reads the SB example into the AST, with positions', () => {
    expect(parseLitmus(SB, 'SB+plain.litmus')).toEqual({
      name: 'SB+plain',
      description: 'Store buffering with plain accesses',
      file: 'SB+plain.litmus',
      locations: [
        { name: 'x', kind: 'i32', length: 1, byteOffset: 0, initial: [0n], position: { line: 3, column: 3 } },
        { name: 'y', kind: 'i32', length: 1, byteOffset: 4, initial: [0n], position: { line: 3, column: 10 } },
      ],
      byteLength: 8,
      threads: [
        {
          id: 0,
          instructions: [
            { op: 'store', order: 'plain', target: x, value: c(1n), position: { line: 5, column: 2 } },
            { op: 'load', order: 'plain', reg: 'r0', source: { location: 'y', index: 0 }, position: { line: 6, column: 2 } },
          ],
        },
        {
          id: 1,
          instructions: [
            { op: 'store', order: 'plain', target: { location: 'y', index: 0 }, value: c(1n), position: { line: 5, column: 16 } },
            { op: 'load', order: 'plain', reg: 'r1', source: x, position: { line: 6, column: 16 } },
          ],
        },
      ],
      condition: { quantifier: 'exists', proposition: { kind: 'and', left: regAtom(0, 'r0', 0n), right: regAtom(1, 'r1', 0n) } },
    } satisfies LitmusTest);
  });

  it('accepts a byte-order mark, no description, comments, CRLF, trailing whitespace and empty cells', () => {
    const text = '\uFEFF' + [
      '(* a herd comment (* nested *) *) JS SB   // the name line',
      '{ x; // declarations',
      '  y = 0 }',
      ' P0 | P1 ; ',
      ' x = 1 |  ;   ',
      '       | r1 = x ;\t',
      'exists (1:r1=0) (* the end *)',
    ].join('\r\n');
    const test = parseLitmus(text);
    expect(test.name).toBe('SB');
    expect(test.description).toBeUndefined();
    expect(test.threads.map((t) => t.instructions.length)).toEqual([1, 1]);
    expect(test.threads[1]!.instructions[0]!.position).toEqual({ line: 6, column: 10 });
  });

  it('reads escapes in the description', () => {
    expect(parseLitmus('JS T\n"say \\"hi\\" \\\\ (* not a comment *)"\n{}\n P0 ;\nexists (true)').description).toBe('say "hi" \\ (* not a comment *)');
  });

  describe('instructions', () => {
    it.each<[string, Omit<Instruction, 'position'>]>([
      ['x = 1', { op: 'store', order: 'plain', target: x, value: c(1n) }],
      ['x = -0x10', { op: 'store', order: 'plain', target: x, value: c(-16n) }],
      ['a[1] = r0 + 1', { op: 'store', order: 'plain', target: { location: 'a', index: 1 }, value: { kind: 'binary', op: '+', left: r('r0'), right: c(1n) } }],
      ['r0 = x', { op: 'load', order: 'plain', reg: 'r0', source: x }],
      ['r3 = a[1]', { op: 'load', order: 'plain', reg: 'r3', source: { location: 'a', index: 1 } }],
      ['Atomics.store(x, r1)', { op: 'store', order: 'seqcst', target: x, value: r('r1') }],
      ['r0 = Atomics.load(a[0])', { op: 'load', order: 'seqcst', reg: 'r0', source: { location: 'a', index: 0 } }],
      ['r0 = Atomics.add(x, 2)', { op: 'rmw', fn: 'add', reg: 'r0', target: x, value: c(2n) }],
      ['Atomics.sub(x, 2)', { op: 'rmw', fn: 'sub', target: x, value: c(2n) }],
      ['r1 = Atomics.and(x, 6)', { op: 'rmw', fn: 'and', reg: 'r1', target: x, value: c(6n) }],
      ['Atomics.or(x, r0 | 1)', { op: 'rmw', fn: 'or', target: x, value: { kind: 'binary', op: '|', left: r('r0'), right: c(1n) } }],
      ['r2 = Atomics.xor(x, 1)', { op: 'rmw', fn: 'xor', reg: 'r2', target: x, value: c(1n) }],
      ['r0 = Atomics.exchange(x, 9)', { op: 'rmw', fn: 'exchange', reg: 'r0', target: x, value: c(9n) }],
      ['r0 = Atomics.compareExchange(x, 0, 1)', { op: 'cas', reg: 'r0', target: x, expected: c(0n), replacement: c(1n) }],
      ['Atomics.compareExchange(a[1], r0, r0 + 1)', { op: 'cas', target: { location: 'a', index: 1 }, expected: r('r0'), replacement: { kind: 'binary', op: '+', left: r('r0'), right: c(1n) } }],
    ])('%s', (cell, expected) => {
      expect(instruction(cell)).toEqual(expected);
    });

    it('gives operators JavaScript precedence, and | needs parentheses outside a call', () => {
      // ((r0 + 1) & 3) ^ (r1 | 4)
      expect(instruction('x = r0 + 1 & 3 ^ (r1 | 4)')).toMatchObject({
        value: {
          op: '^',
          left: { op: '&', left: { op: '+', left: r('r0'), right: c(1n) }, right: c(3n) },
          right: { op: '|', left: r('r1'), right: c(4n) },
        },
      });
      expect(instruction('x = r0 - 1 - 2')).toMatchObject({ value: { op: '-', left: { op: '-', left: r('r0'), right: c(1n) }, right: c(2n) } });
    });
  });

  describe('declarations', () => {
    it('lays out locations in order, aligned, and rounds the buffer up to 8 bytes', () => {
      const test = parseLitmus('JS L\n{ int8 a; int32 b; i16 c[3] = {1, -2, 3}; uint64 d = 7; u8 e = 255; }\n P0 ;\nexists (true)');
      expect(test.locations.map(({ name, kind, length, byteOffset, initial }) => ({ name, kind, length, byteOffset, initial }))).toEqual([
        { name: 'a', kind: 'i8', length: 1, byteOffset: 0, initial: [0n] },
        { name: 'b', kind: 'i32', length: 1, byteOffset: 4, initial: [0n] },
        { name: 'c', kind: 'i16', length: 3, byteOffset: 8, initial: [1n, -2n, 3n] },
        { name: 'd', kind: 'u64', length: 1, byteOffset: 16, initial: [7n] },
        { name: 'e', kind: 'u8', length: 1, byteOffset: 24, initial: [255n] },
      ]);
      expect(test.byteLength).toBe(32);
    });

    it('fills an array from one value and accepts each kind\'s extreme values', () => {
      const test = parseLitmus(
        'JS L\n{ int32 a[3] = 7; int64 s = -9223372036854775808; uint64 u = 0xFFFFFFFFFFFFFFFF; int8 b = -128; uint32 w = 4294967295; }\n P0 ;\nexists (true)',
      );
      expect(test.locations.map((l) => l.initial)).toEqual([[7n, 7n, 7n], [-(2n ** 63n)], [2n ** 64n - 1n], [-128n], [4294967295n]]);
    });

    it('reads views: the bytes of a location, from an offset, with initial values taken from those bytes', () => {
      const test = parseLitmus('JS V\n{ y; int32 x = 0x01020304; int8 xb[4] @ x; uint16 hi @ x + 2; int32 z = -1; }\n P0 ;\nexists (true)');
      const [, , xb, hi, z] = test.locations;
      expect(xb).toMatchObject({ kind: 'i8', length: 4, byteOffset: 4, initial: [4n, 3n, 2n, 1n], view: { of: 'x' } });
      expect(hi).toMatchObject({ kind: 'u16', length: 1, byteOffset: 6, initial: [0x0102n], view: { of: 'x' } });
      // Views own no bytes: z follows x directly.
      expect(z).toMatchObject({ byteOffset: 8 });
      expect(test.byteLength).toBe(16);
    });
  });

  describe('conditions', () => {
    it.each<[string, LitmusTest['condition']['quantifier']]>([
      ['exists (true)', 'exists'],
      ['~exists (true)', 'not exists'],
      ['~ exists true', 'not exists'],
      ['forall (true)', 'forall'],
    ])('%s', (text, quantifier) => {
      expect(condition(text)).toEqual({ quantifier, proposition: { kind: 'true' } });
    });

    it('binds ~ tighter than /\\ tighter than \\/, left to right', () => {
      expect(condition('exists 0:r0=1 \\/ ~1:r1=2 /\\ x=3 /\\ true').proposition).toEqual({
        kind: 'or',
        left: regAtom(0, 'r0', 1n),
        right: {
          kind: 'and',
          left: { kind: 'and', left: { kind: 'not', operand: regAtom(1, 'r1', 2n) }, right: { kind: 'atom', atom: { kind: 'mem', access: x, value: 3n } } },
          right: { kind: 'true' },
        },
      });
    });

    it('reads memory atoms of arrays and views, with negative and hex values', () => {
      expect(condition('forall (~(a[1]=-1 \\/ h=0x7fff))').proposition).toEqual({
        kind: 'not',
        operand: {
          kind: 'or',
          left: { kind: 'atom', atom: { kind: 'mem', access: { location: 'a', index: 1 }, value: -1n } },
          right: { kind: 'atom', atom: { kind: 'mem', access: { location: 'h', index: 0 }, value: 0x7fffn } },
        },
      });
    });
  });
});

describe('LitmusSyntaxError', () => {
  it('says file:line:column: reason and carries each part', () => {
    const error = errorOf(SB.replace('r1 = x', 'r1 = z'), 'SB.litmus');
    expect(error.message).toBe("SB.litmus:6:21: Unknown location 'z' (declared: x, y)");
    expect(error).toMatchObject({ name: 'LitmusSyntaxError', file: 'SB.litmus', line: 6, column: 21, reason: "Unknown location 'z' (declared: x, y)" });
    expect(errorOf('JS\n').message).toMatch(/^<litmus>:1:3: /);
  });

  /** [what, text, message (a regular expression), line, column] */
  const cases: [string, string, RegExp, number, number][] = [
    ['no JS line', 'SB\n', /Expected 'JS <name>' first/, 1, 1],
    ['no name', 'JS \n', /Expected a test name after 'JS'/, 1, 4],
    ['a name of two words', 'JS SB plain\n', /A test name is one word/, 1, 7],
    ['an unterminated description', 'JS T\n"abc\n', /Unterminated description/, 2, 1],
    ['an unterminated comment', SB.replace('{ x', '(* (* *) { x'), /Unterminated comment: '\(\*' needs a closing '\*\)'/, 3, 1],
    ['a description after the init', SB.replace('"Store', '(* *) Store'), /Expected '\{' to open the initial state/, 2, 7],
    ['an unexpected character', SB.replace('x = 1 ', 'x = 1*'), /Unexpected character '\*': there is no multiplication/, 5, 7],
    ['an invalid number', SB.replace('x = 1 ', 'x = 1a'), /Invalid number '1a'/, 5, 6],
    ['an unknown location', SB.replace('r1 = x', 'r1 = z'), /Unknown location 'z' \(declared: x, y\)/, 6, 21],
    ['a duplicate location', SB.replace('y = 0;', 'x = 0;'), /Duplicate location 'x': already declared at line 3, column 3/, 3, 10],
    ['an unknown type', SB.replace('y = 0;', 'int12 y;'), /Unknown type 'int12': valid types are int8, uint8, int16, uint16, int32, uint32, int64, uint64/, 3, 10],
    ['a reserved name', SB.replace('y = 0;', 'exists;'), /'exists' is a reserved word/, 3, 10],
    ['a register as location name', SB.replace('y = 0;', 'r2;'), /'r2' is a register name/, 3, 10],
    ['a register initialised', SB.replace('y = 0;', 'y; 0:r0 = 1;'), /Registers start at 0 and cannot be initialised/, 3, 13],
    ['a declaration value out of range', SB.replace('y = 0;', 'int8 y = 128;'), /Initial value 128 is out of range for int8: expected -128 to 127/, 3, 19],
    ['a uint value below 0', SB.replace('y = 0;', 'uint16 y = -1;'), /Initial value -1 is out of range for uint16: expected 0 to 65535/, 3, 21],
    ['too many initial values', SB.replace('y = 0;', 'int16 y[2] = {1, 2, 3};'), /'y' has 2 elements but 3 initial values are given/, 3, 23],
    ['a scalar with braces', SB.replace('y = 0;', 'y = {1};'), /'y' is a scalar: write y = 1/, 3, 14],
    ['an empty array', SB.replace('y = 0;', 'y[0];'), /An array has 1 to 4096 elements: 'y' has 0/, 3, 12],
    ['a misaligned view', SB.replace('y = 0;', 'y = 0; int16 h @ x + 1;'), /View 'h' is misaligned: int16 elements start at a multiple of 2 bytes, but 'x' \+ 1 is byte 1/, 3, 23],
    ['a view that does not fit', SB.replace('y = 0;', 'y = 0; int16 h[3] @ x;'), /View 'h' \(int16\[3\], 6 bytes from byte 0\) does not fit inside 'x' \(int32, 4 bytes\)/, 3, 23],
    ['a view with a value', SB.replace('y = 0;', 'y = 0; int16 h @ x = 1;'), /A view has no initial value of its own: 'h' shows the bytes of 'x'/, 3, 29],
    ['a view of a later location', SB.replace('x = 0;', 'int8 b @ y; x = 0;'), /Unknown location 'y': a view comes after the location it views/, 3, 12],
    ['a view of a view', SB.replace('y = 0;', 'int16 h @ x; int8 b @ h;'), /'h' is itself a view of 'x': view 'x' directly/, 3, 32],
    ['threads out of order', SB.replace('| P1', '| P2'), /Expected 'P1' \(threads are named P0, P1, \.\.\. in order\), found 'P2'/, 4, 16],
    ['a row with fewer cells', SB.replace('x = 1       |', 'x = 1;      |'), /This row has 1 cell\(s\) but the header names 2 thread\(s\) \(P0 \| P1\); ';' ends a row/, 5, 2],
    ['a row with more cells', SB.replace('r0 = y      |', 'r0 = y | r2 = x |'), /This row has more cells than the 2 thread\(s\) of the header \(P0 \| P1\)/, 6, 20],
    ['a bare | in a value', SB.replace('x = 1       |', 'x = r0 | 1  |'), /Expected an instruction, found '1'.*a bitwise or in a value needs parentheses: x = \(r0 \| 1\)/, 5, 11],
    ['two instructions in a cell', SB.replace('x = 1       |', 'x = 1 y = 1 |'), /Expected '\|' between cells or ';' at the end of the row, found 'y'/, 5, 8],
    ['an unknown instruction', SB.replace('r0 = y', 'print(y)'), /Expected an instruction or the condition .* found 'print'\. Valid instructions: x = 1, x = r0 \+ 1, r0 = x, Atomics\.store\(x, v\)/, 6, 2],
    ['an unknown Atomics operation', SB.replace('r0 = y', 'r0 = Atomics.lod(y)'), /Unknown operation Atomics\.lod: valid operations are load, store, add, sub, and, or, xor, exchange, compareExchange/, 6, 15],
    ['Atomics.wait', SB.replace('r0 = y', 'Atomics.wait(y, 0)'), /Atomics\.wait is not supported in litmus tests/, 6, 10],
    ['Atomics.load without register', SB.replace('r0 = y', 'Atomics.load(y)'), /Atomics\.load needs a register to read into: r0 = Atomics\.load\(x\)/, 6, 2],
    ['a register = Atomics.store', SB.replace('r0 = y', 'r0 = Atomics.store(y, 1)'), /Atomics\.store writes no register/, 6, 2],
    ['JavaScript-style index argument', SB.replace('r0 = y', 'r0 = Atomics.load(y, 0)'), /Atomics\.load\(location\) takes one location: an element of an array is written a\[1\]/, 6, 21],
    ['a missing argument', SB.replace('r0 = y', 'Atomics.add(y)'), /Atomics\.add\(location, value\) needs a value, found '\)'/, 6, 15],
    ['a location in a value', SB.replace('x = 1 ', 'x = y '), /A value is made of constants and registers, not locations: load 'y' first \(r0 = y\)/, 5, 6],
    ['a declared register', SB.replace('r0 = y', 'let r0 = y'), /Registers need no declaration: write r0 = x, not let r0 = x/, 6, 2],
    ['a register copy', SB.replace('r0 = y', 'r0 = r1'), /A register receives a loaded value: write r0 = x or r0 = Atomics\.load\(x\)/, 6, 7],
    ['a store value out of range', SB.replace('{ x = 0;', '{ int8 x = 0;').replace('x = 1 ', 'x = 200'), /Value 200 is out of range for int8: expected -128 to 127/, 5, 6],
    ['a bare array', SB.replace('{ x = 0;', '{ int32 x[2] = 0;'), /'x' is an array of int32\[2\]: write x\[0\] to x\[1\]/, 5, 2],
    ['an index out of range', SB.replace('{ x = 0;', '{ int32 x[2] = 0;').replace('x = 1 ', 'x[2] = 1'), /Index 2 is out of range for 'x' \(int32\[2\]\): valid indexes are 0 to 1/, 5, 4],
    ['too many operators', SB.replace('x = 1 ', `x = 1${' + 1'.repeat(65)} `), /A value has at most 64 operators/, 5, 264],
    ['too many connectives', SB.replace('1:r1=0', `1:r1=0${' /\\ x=0'.repeat(256)}`), /A condition has at most 256 connectives/, 7, 1811],
    ['deep parentheses', SB.replace('x = 1 ', `x = ${'('.repeat(40)}1`), /Parentheses nest deeper than 32 levels/, 5, 38],
    ['a missing condition', SB.replace('exists (0:r0=0 /\\ 1:r1=0)', ''), /Expected an instruction row \(P0 \| P1 ;\) or the condition, exists \(\.\.\.\), found the end of the file/, 8, 1],
    ['a misspelt quantifier', SB.replace('exists', 'exist'), /Expected an instruction or the condition \(exists/, 7, 1],
    ['~ without exists', SB.replace('exists', '~forall'), /Expected 'exists' after '~' \(~exists\), found 'forall'/, 7, 2],
    ['an unknown thread', SB.replace('1:r1=0', '5:r1=0'), /Unknown thread 5 in the condition: the test has threads 0 to 1 \(P0 to P1\)/, 7, 19],
    ['a register the thread never writes', SB.replace('1:r1=0', '1:r0=0'), /P1 never writes r0: it writes r1/, 7, 21],
    ['a register of a thread that writes none', SB.replace('r0 = y      |', 'y = 2       |').replace('0:r0=0', '0:r0=1'), /P0 never writes r0: it writes no register/, 7, 11],
    ['a register without thread', SB.replace('0:r0=0', 'r0=0'), /Register 'r0' needs its thread: write 0:r0=1/, 7, 9],
    ['a register value it cannot hold', SB.replace('{ x = 0;', '{ uint8 x = 0;').replace('1:r1=0', '1:r1=-1'), /Value -1 cannot be read into 1:r1, which holds values read from uint8: 0 to 255/, 7, 24],
    ['a memory value out of range', SB.replace('1:r1=0', 'x=2147483648'), /Value 2147483648 is out of range for 'x' \(int32\): expected -2147483648 to 2147483647/, 7, 21],
    ['an unknown location in the condition', SB.replace('1:r1=0', 'z=1'), /Unknown location 'z' \(declared: x, y\)/, 7, 19],
    ['an index out of range in the condition', SB.replace('1:r1=0', 'y[1]=1'), /Index 1 is out of range for 'y' \(int32\): valid indexes are 0 to 0/, 7, 21],
    ['text after the condition', `${SB}exists (true)\n`, /Expected the end of the file after the condition, found 'exists'/, 8, 1],
    ['an unclosed parenthesis', SB.replace('1:r1=0)', '1:r1=0'), /Expected '\)' to close the '\(' at line 7, column 8, found the end of the file/, 8, 1],
  ];

  it.each(cases)('reports %s', (_, text, message, line, column) => {
    const error = errorOf(text);
    expect(error.reason).toMatch(message);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
  });
});
