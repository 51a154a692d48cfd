import { describe, expect, it } from 'vitest';
import type { LitmusTest } from './ast.js';
import { parseLitmus, printLitmus } from './index.js';

const SB = `JS SB+plain
"Store buffering with plain accesses"
{ x = 0; y = 0; }
 P0     | P1     ;
 x = 1  | y = 1  ;
 r0 = y | r1 = x ;
exists (0:r0=0 /\\ 1:r1=0)
`;

describe('printLitmus', () => {
  it('prints SB herd-style, columns aligned', () => {
    expect(printLitmus(parseLitmus(SB))).toBe(SB);
  });

  it('prints types, arrays, views, every instruction form and nested conditions', () => {
    const text = `JS All
"quotes \\" and backslashes \\\\"
{
  x = -1;
  int8 b[4] = {1, 2, 3, 4};
  uint16 h[2] @ x;
  int8 top @ x + 3;
  uint64 w = 18446744073709551615;
  int32 a[2] = 7;
}
 P0                                     | P1                      | P2 ;
 x = (r0 | 1) & 3                       | r0 = Atomics.load(h[1]) |    ;
 Atomics.store(b[2], r1 - -2)           | r1 = Atomics.add(w, 1)  |    ;
 r2 = Atomics.compareExchange(x, 0, 1)  | Atomics.xor(a[1], r0)   |    ;
 Atomics.compareExchange(top, r2, -128) | a[0] = r1 + (r0 ^ 4)    |    ;
exists ((0:r2=0 /\\ (1:r0=65535 \\/ ~(h[0]=1 /\\ true)) /\\ ~top=-1) \\/ w=0)
`;
    expect(printLitmus(parseLitmus(text))).toBe(text);
  });

  it('prints the other quantifiers', () => {
    expect(printLitmus(parseLitmus(SB.replace('exists', '~exists')))).toContain('\n~exists (0:r0=0');
    expect(printLitmus(parseLitmus(SB.replace('exists', 'forall')))).toContain('\nforall (0:r0=0');
  });

  it('rejects a name that is not one word and a description over several lines', () => {
    const test = parseLitmus(SB);
    expect(() => printLitmus({ ...test, name: 'S B' } satisfies LitmusTest)).toThrow(/'name' must be one word: received 'S B'/);
    expect(() => printLitmus({ ...test, description: 'a\nb' })).toThrow(TypeError);
  });
});
