import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTest } from './check.js';
import { parseLitmus } from './litmus/index.js';

const CATALOG = new URL('../catalog/', import.meta.url);
const load = (name: string) => parseLitmus(readFileSync(new URL(`${name}.litmus`, CATALOG), 'utf8'), `${name}.litmus`);

/** Sources of the verdicts below. */
const SRC = {
  /** ECMA-262 §29.10: "The memory model guarantees sequential consistency of all events for data race free programs" (Atomics of one size only: no data race). */
  drf: 'ECMA-262 §29.10 (SC for data-race-free programs)',
  /** ECMA-262 §29.6.5: only SeqCst writes read by SeqCst reads of equal range synchronize; without it the outcome needs no ordering. */
  nosync: 'ECMA-262 §29.6.5 (no synchronizes-with without two SeqCst events of equal range)',
  /** ECMA-262 §29.7.2: coherent reads only constrain reads by happens-before. */
  coherence: 'ECMA-262 §29.7.2 (coherent reads are relative to happens-before)',
  /** Test files and verdicts of the PLDI 2020 Alloy artifact, conrad-watt/repairing-and-mechanising-the-javascript-relaxed-memory-model, alloy/alloy_tests/js_tests. */
  pldi: (file: string) => `Watt et al. PLDI 2020, Alloy test ${file}`,
  /** x86-TSO (Owens, Sarkar, Sewell 2009; Intel SDM vol. 3A §8.2.3): only store→load reordering, through store buffers; locked instructions drain them. */
  tso: 'x86-TSO: only a store followed by a load of another location can appear reordered',
  tear: 'ECMA-262 §29.7.3 and IsNoTearConfiguration',
} as const;

type R = 'allowed' | 'forbidden';
const A: R = 'allowed';
const F: R = 'forbidden';

/**
 * Expected reachability of each catalog test's proposition under
 * [js, sc, tso], and where the JavaScript verdict comes from. SC verdicts
 * are those of interleavings; TSO verdicts follow the x86 litmus folklore
 * (SB, R and RWC observable with plain accesses, nothing else).
 */
const EXPECTED: Record<string, [R, R, R, string]> = {
  '2+2W+atomics': [F, F, F, SRC.drf],
  '2+2W+plain': [A, F, F, SRC.nosync],
  'ARMv8+RMW': [F, F, F, SRC.pldi('mapping_tests/js_to_aarch64_rmw.als')],
  'ARMv8+Stephen+mixed-size': [A, F, F, `${SRC.pldi('mixed/memory_model_js_test_Stephen_mixed.als')}: ALLOWED`],
  'ARMv8+Stephen': [A, F, F, `${SRC.pldi('memory_model_js_test_Stephen.als')}: ALLOWED by the fixed model, NOT by the original (tc39/ecma262#1511)`],
  'CAS+failed-no-sync': [F, F, F, 'AtomicCompareExchangeInSharedBlock: a failing compareExchange is still a ReadModifyWriteSharedMemory event'],
  'CAS+lock+plain-data': [F, F, F, SRC.drf],
  'CAS+lock': [F, F, F, 'ECMA-262 §29.7.4, third clause (two RMWs cannot both read the initial value)'],
  'CoRR+atomic-store+plain-loads': [A, F, F, SRC.nosync],
  'CoRR+atomics': [F, F, F, SRC.drf],
  'CoRR+plain': [A, F, F, SRC.coherence],
  'CoRW+atomics': [F, F, F, SRC.drf],
  'CoRW+plain': [A, F, F, SRC.coherence],
  'CoWR+atomics': [F, F, F, SRC.drf],
  'CoWR+plain': [A, F, F, SRC.coherence],
  'CoWW+atomics': [F, F, F, SRC.drf],
  'CoWW+plain': [F, F, F, `${SRC.coherence}: agent order is happens-before`],
  'IRIW+atomic-stores+plain-loads': [A, F, F, SRC.nosync],
  'IRIW+atomics': [F, F, F, SRC.drf],
  'IRIW+plain': [A, F, F, SRC.nosync],
  'ISA2+atomics': [F, F, F, SRC.drf],
  'ISA2+plain+atomic-flags': [F, F, F, 'ECMA-262 §29.6.6 (happens-before is transitive)'],
  'ISA2+plain': [A, F, F, SRC.nosync],
  'LB+atomic-loads+plain-stores': [A, F, F, SRC.nosync],
  'LB+atomics': [F, F, F, SRC.drf],
  'LB+plain': [A, F, F, SRC.nosync],
  'MP+atomics': [F, F, F, SRC.drf],
  'MP+plain+atomic-flag+mixed-size': [A, F, F, `${SRC.pldi('mixed/memory_model_js_test_MP_popl_poap_mixed.als')}: ALLOWED`],
  'MP+plain+atomic-flag-load': [A, F, F, SRC.nosync],
  'MP+plain+atomic-flag-store': [A, F, F, SRC.nosync],
  'MP+plain+atomic-flag': [F, F, F, `${SRC.pldi('memory_model_js_test_MP_popl_poap.als')}: NOT ALLOWED`],
  'MP+plain+cas-flag': [F, F, F, SRC.drf],
  'MP+plain': [A, F, F, `${SRC.pldi('memory_model_js_test_MP.als')}: ALLOWED`],
  'MS+atomic-int32-store+atomic-int16-loads': [A, F, F, SRC.nosync],
  'MS+atomic-int32-store+atomic-int8-loads': [A, F, F, SRC.nosync],
  'MS+atomic-int32-store+plain-int16-loads': [A, F, F, SRC.nosync],
  'MS+atomic-int32-store+plain-int8-loads': [A, F, F, SRC.nosync],
  'MS+int16-halves+atomic-int32-load': [A, F, F, SRC.nosync],
  'MS+int8-stores+int16-loads': [A, F, F, SRC.nosync],
  'MS+overlapping-int8-writes+int32-read': [A, F, F, SRC.nosync],
  // The Alloy test R+poll+pola_mixed (NOT ALLOWED) fixes tot between the two y writes; a final
  // state cannot say that: a plain final read of y is constrained by §29.7.4 only against
  // SeqCst writes of its own range, and P0's Int16 store is not.
  'R+atomics+mixed-size': [A, F, F, `${SRC.nosync}; cf. ${SRC.pldi('mixed/memory_model_js_test_R_poll_pola.als')}`],
  'R+atomics+plain-store': [A, F, F, `${SRC.pldi('memory_model_js_test_R_polp_pola.als')}: ALLOWED`],
  'R+atomics': [F, F, F, `${SRC.pldi('memory_model_js_test_R_poll_pola.als')}: NOT ALLOWED`],
  'R+plain': [A, F, A, SRC.nosync],
  'RMW+atomic-add+plain-store': [A, F, F, 'ECMA-262 §29.7.4 constrains an RMW only against SeqCst writes of equal range'],
  'RMW+atomic-add': [F, F, F, 'ECMA-262 §29.7.4, third clause'],
  'RMW+exchange': [F, F, F, 'ECMA-262 §29.7.4, third clause'],
  'RMW+plain-increment': [A, A, A, 'the lesson: a lost update is sequentially consistent'],
  'RWC+atomics': [F, F, F, SRC.drf],
  'RWC+plain': [A, F, A, SRC.nosync],
  'S+atomics': [F, F, F, SRC.drf],
  'S+plain+atomic-flag': [F, F, F, `${SRC.coherence}: the flag orders the writes`],
  'S+plain': [A, F, F, SRC.nosync],
  'SB+atomic-stores+plain-loads': [A, F, F, SRC.nosync],
  'SB+atomics': [F, F, F, SRC.drf],
  'SB+plain+atomic-add-fences': [F, F, F, 'ECMA-262 §29.7.4: one Atomics.add reads from the other, which synchronizes'],
  'SB+plain': [A, F, A, SRC.nosync],
  'SCDRF+dagger+mixed-size': [A, F, F, `${SRC.pldi('mixed/memory_model_js_test_dagger_mixed.als')}: ALLOWED`],
  'SCDRF+dagger': [F, F, F, `${SRC.pldi('memory_model_js_test_dagger.als')}: NOT ALLOWED by the fixed model`],
  'SCDRF+ddagger+mixed-size': [A, F, F, `${SRC.pldi('mixed/memory_model_js_test_ddagger_mixed.als')}: ALLOWED`],
  'SCDRF+ddagger': [F, F, F, `${SRC.pldi('memory_model_js_test_ddagger.als')} and tc39/ecma262#1354 Example 1: NOT ALLOWED by the fixed model`],
  // The letter of the spec: one-byte init writes never have the range of an Int32 read
  // (see events.ts, EventStructureOptions); js.test.ts checks the other reading.
  'Tear+int32-plain': [A, F, F, `${SRC.tear}, init writes one byte each (CreateSharedByteDataBlock)`],
  'Tear+int64-plain-store+int32-halves': [A, A, A, 'the condition also holds for an old low half and a new high half'],
  'Tear+uint64-atomics': [F, F, F, `${SRC.tear}: BigInt64 Atomics are tear-free`],
  'Tear+uint64-plain': [A, F, F, `${SRC.tear}: plain BigInt64 accesses are not tear-free`],
  'Tear+uint64-two-writers': [A, F, F, `${SRC.tear}: plain BigInt64 accesses are not tear-free`],
  'WRC+atomics': [F, F, F, SRC.drf],
  'WRC+plain-x+atomic-y': [A, F, F, SRC.nosync],
  'WRC+plain': [A, F, F, SRC.nosync],
};

const present = Object.entries(EXPECTED).filter(([name]) => existsSync(new URL(`${name}.litmus`, CATALOG)));

describe('the models on the litmus catalog', () => {
  it.each(present)('%s: js / sc / tso as published', (name, [js, sc, tso, source]) => {
    const report = checkTest(load(name), { executions: false });
    expect({ ...report.condition.reachable, source }).toEqual({ js, sc, tso, source });
  });

  it('runs every catalog file, and SC ⊆ TSO ⊆ JS wherever no location is accessed at two sizes', () => {
    const files = readdirSync(CATALOG).filter((f) => f.endsWith('.litmus'));
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of files) {
      const test = parseLitmus(readFileSync(new URL(file, CATALOG), 'utf8'), file);
      const report = checkTest(test, { executions: false });
      if (test.locations.some((l) => l.view)) continue;
      for (const o of report.outcomes) {
        if (o.sc) expect(o.tso, `${file}: ${o.key} SC but not TSO`).toBe(true);
        if (o.tso) expect(o.js, `${file}: ${o.key} TSO but not JS`).toBe(true);
      }
    }
  });

  it('explains every forbidden outcome of the condition it lists', () => {
    for (const [name] of present) {
      const report = checkTest(load(name));
      for (const o of report.outcomes.filter((x) => !x.js)) {
        expect(o.explanation, `${name} ${o.key}`).toMatch(/^(happens-before|coherent reads|tear-free reads|sequentially consistent atomics)/);
        expect(o.execution?.violation?.events.length, `${name} ${o.key}`).toBeGreaterThan(0);
      }
    }
  });
});
