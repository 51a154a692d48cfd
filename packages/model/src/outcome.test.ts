import { describe, expect, it } from 'vitest';
import { checkTest } from './check.js';
import { parseLitmus } from './litmus/index.js';
import { naturalCompare, outcomeKey } from './outcome.js';

describe('outcomeKey', () => {
  it('orders registers by thread then name, numbers as numbers, then memory by name', () => {
    const key = outcomeKey({ registers: { '1:r0': 2n, '0:r10': 1n, '0:r2': -1n }, memory: { 'a[10]': 0n, 'a[2]': 5n, x: 1n } });
    expect(key).toBe('0:r2=-1; 0:r10=1; 1:r0=2; a[2]=5; a[10]=0; x=1');
    expect(['r10', 'r2', 'r1'].sort(naturalCompare)).toEqual(['r1', 'r2', 'r10']);
  });
});

describe('checkTest', () => {
  const report = checkTest(
    parseLitmus(`JS CoRR+atomics
"Read-read coherence with Atomics"
{ int32 a[2] = {0, 7}; }
 P0                     | P1                      ;
 Atomics.store(a[0], 1) | r0 = Atomics.load(a[0]) ;
                        | r1 = Atomics.load(a[0]) ;
exists (1:r0=1 /\\ 1:r1=0)`),
  );

  it('lists allowed outcomes with a witness each and the forbidden one with its explanation', () => {
    expect(report.outcomes.map((o) => [o.key, o.js, o.sc, o.tso, o.satisfies])).toEqual([
      ['1:r0=0; 1:r1=0; a[0]=1; a[1]=7', true, true, true, false],
      ['1:r0=0; 1:r1=1; a[0]=1; a[1]=7', true, true, true, false],
      ['1:r0=1; 1:r1=0; a[0]=1; a[1]=7', false, false, false, true],
      ['1:r0=1; 1:r1=1; a[0]=1; a[1]=7', true, true, true, false],
    ]);
    expect(report.condition).toEqual({
      quantifier: 'exists',
      reachable: { js: 'forbidden', sc: 'forbidden', tso: 'forbidden' },
      validated: { js: false, sc: false, tso: false },
    });
    const forbidden = report.outcomes[2]!;
    expect(forbidden.explanation).toMatch(/^coherent reads: 1:r1=0 \(r1 = Atomics\.load\(a\[0\]\), P1, line 6\) reads a\[0\] from the initial write, but Atomics\.store\(a\[0\], 1\) \(P0, line 5\)/);
    expect(forbidden.execution?.violation).toMatchObject({ axiom: 'coherent-reads' });
  });

  it('serializes whole, lazily computed parts included (bigints as strings)', () => {
    const json = JSON.parse(JSON.stringify(report, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
    expect(json.outcomes[0].execution.events.length).toBeGreaterThan(0);
    expect(json.outcomes[2].explanation).toContain('coherent reads');
    expect(json.outcomes[0].interleavings.sc.length).toBe(3);
  });
});
