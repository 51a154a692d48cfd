/**
 * Plugins from outside the repo, end to end: `racelab new` scaffolds an
 * experiment in a folder under os.tmpdir(), and the built CLI runs it on all
 * five runtimes, from `--plugin` and from a config file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const ALL = ['node', 'deno', 'bun', 'chromium', 'firefox'];

function racelab(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const outside = () => mkdtempSync(join(tmpdir(), 'racelab-plugin-'));

function verdicts(json: string) {
  return resultDocument
    .array()
    .parse(JSON.parse(readFileSync(json, 'utf8')))
    .flatMap((d) => d.experiments.map((e) => [d.runtime.id, e.id, e.verdict, e.histogram.map((h) => h.outcome)]));
}

describe('racelab new', () => {
  it('scaffolds an experiment, its test and a tsconfig that type-checks, and refuses to overwrite', () => {
    const dir = outside();
    const created = racelab(dir, 'new', 'bank');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('racelab run --plugin ./bank.ts --runtime all');
    const source = readFileSync(join(dir, 'bank.ts'), 'utf8');
    expect(source).toContain("import { Mutex, defineExperiment, i32, primitive } from '@racelab/core';");

    const again = racelab(dir, 'new', 'bank');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Cannot create experiment 'bank' as .*bank\.ts and .*bank\.test\.mjs already exist: nothing was written/);
    expect(racelab(dir, 'new', 'Bank_1').stderr).toMatch(/must be kebab-case/);

    // The scaffold compiles against the repo's core, and a typo in a cell is a type error.
    expect(spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }).status).toBe(0);
    writeFileSync(join(dir, 'bank.ts'), source.replace('memory.a[0]! + memory.b[0]!', 'memory.a[0]! + memory.bb[0]!'));
    const typo = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    expect(typo.stdout).toMatch(/bank\.ts\(\d+,\d+\): error TS2339: Property 'bb' does not exist/);
    writeFileSync(join(dir, 'bank.ts'), source);

    // The scaffolded test passes as written (node only, to keep this quick).
    const test = spawnSync(process.execPath, ['--test', 'bank.test.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(test.stdout).toMatch(/# pass 1/);
    expect(test.status).toBe(0);
  });
});

describe('a plugin from outside the repo on all five runtimes', () => {
  it('runs a scaffolded TypeScript experiment with --plugin and passes everywhere', () => {
    const dir = outside();
    expect(racelab(dir, 'new', 'bank').code).toBe(0);
    const json = join(dir, 'results.json');
    const run = racelab(dir, 'run', '--plugin', './bank.ts', '--runtime', 'all', '--trials', '10', '--param', 'rounds=2000', '--json', json, '--out', join(dir, 'out'));
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    // Only the plugin's experiments run when a plugin is given and no -e.
    expect(verdicts(json)).toEqual(ALL.map((runtime) => [runtime, 'my/bank', 'pass', [1000]]));
  });

  it('runs the plugins and run options of racelab.config.ts, a module exporting several experiments', () => {
    const dir = outside();
    expect(racelab(dir, 'new', 'bank').code).toBe(0);
    // A second plugin in plain JavaScript with two named exports: a litmus-style
    // batched test (instances + outcomeNames) and a semaphore experiment.
    writeFileSync(join(dir, 'more.js'), MORE_PLUGIN);
    writeFileSync(
      join(dir, 'racelab.config.ts'),
      `export default {
  plugins: ['./bank.ts', './more.js'],
  run: { runtime: 'all', trials: 10, params: { rounds: 2000 } },
};\n`,
    );
    const json = join(dir, 'results.json');
    const run = racelab(dir, 'run', '--json', json, '--out', join(dir, 'out'));
    expect(run.code).toBe(0);
    const seen = verdicts(json);
    for (const runtime of ALL) {
      expect(seen.filter((v) => v[0] === runtime).map((v) => [v[1], v[2]])).toEqual([
        ['my/bank', 'pass'],
        ['my/mp-atomics', 'pass'],
        ['my/semaphore-two-permits', 'pass'],
      ]);
    }
    // The command line wins over the config.
    const node = racelab(dir, 'run', '--runtime', 'node', '-e', 'my/bank', '--trials', '3', '--json', json, '--out', join(dir, 'out'));
    expect(node.code).toBe(0);
    expect(verdicts(json)).toEqual([['node', 'my/bank', 'pass', [1000]]]);
  });

  it('reads racelab.config.json the same way (node, quick)', () => {
    const dir = outside();
    expect(racelab(dir, 'new', 'bank').code).toBe(0);
    writeFileSync(join(dir, 'racelab.config.json'), JSON.stringify({ plugins: ['./bank.ts'], run: { trials: 3, params: { rounds: 500 } } }));
    const json = join(dir, 'results.json');
    expect(racelab(dir, 'run', '--json', json, '--out', join(dir, 'out')).code).toBe(0);
    const [document] = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(document!.experiments.map((e) => [e.id, e.verdict, e.trials, e.params])).toEqual([['my/bank', 'pass', 3, { rounds: 500 }]]);
  });

  it('turns a misspelled cell or param in a JavaScript plugin into an error naming the valid ones', () => {
    const dir = outside();
    writeFileSync(join(dir, 'typo.js'), TYPO_PLUGIN);
    const json = join(dir, 'results.json');
    expect(racelab(dir, 'run', '--plugin', 'typo.js', '--trials', '3', '--json', json, '--out', join(dir, 'out')).code).toBe(3);
    const results = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')))[0]!.experiments;
    expect(results.map((e) => [e.id, e.verdict, e.reason!.split('\n')[0]])).toEqual([
      ['my/typo-cell', 'error', 'actor 1 threw: TypeError: Cannot read memory.cuont as the layout of my/typo-cell has no such name: valid names are count, lock'],
      ['my/typo-param', 'error', 'actor 0 threw: TypeError: Cannot read params.rouns as my/typo-param has no such name: valid names are rounds'],
    ]);
  });

  it('reports a plugin that does not compile or a bad config as a usage error', () => {
    const dir = outside();
    writeFileSync(join(dir, 'broken.ts'), 'export default {{;\n');
    expect(racelab(dir, 'run', '--plugin', 'broken.ts')).toMatchObject({ code: 2, stderr: expect.stringMatching(/Cannot load plugin '.*broken\.ts' as it does not compile: .*broken\.ts:1:/) });
    // Messages name the file the user wrote, not the prepared bundle.
    writeFileSync(join(dir, 'none.ts'), 'export const x: number = 1;\n');
    expect(racelab(dir, 'run', '--plugin', 'none.ts')).toMatchObject({ code: 2, stderr: `racelab: Cannot use plugin ${join(dir, 'none.ts')} as it exports no experiment (use defineExperiment)\n` });
    writeFileSync(join(dir, 'throws.ts'), "throw new Error('boom at import');\n");
    expect(racelab(dir, 'run', '--plugin', 'throws.ts')).toMatchObject({ code: 2, stderr: `racelab: Cannot load plugin ${join(dir, 'throws.ts')}: boom at import\n` });
    writeFileSync(join(dir, 'racelab.config.json'), JSON.stringify({ plugins: [], run: { trails: 5 } }));
    expect(racelab(dir, 'list')).toMatchObject({ code: 2, stderr: expect.stringMatching(/'run\.trails' is not a run option: use runtime, experiment, tier, trials/) });
  });

  it.each([
    [{ trials: 0 }, `Invalid run.trials 0 in CONFIG: use a positive integer such as 100`],
    [{ warmup: -1 }, `Invalid run.warmup -1 in CONFIG: use a non-negative integer`],
    [{ timeout: 'soon' }, `Invalid run.timeout "soon" in CONFIG: use a positive duration such as 500ms`],
    [{ spin: 'fast' }, `Invalid run.spin "fast" in CONFIG: use a duration such as 0, 5us or 250ms`],
    [{ maxMemory: 'lots' }, `Invalid run.maxMemory "lots" in CONFIG: use a positive size`],
    [{ minEffect: 0.9 }, `Invalid run.minEffect 0.9 in CONFIG: use a ratio of at least 1 such as 1.2`],
    [{ runtime: 'rhino' }, `Invalid run.runtime "rhino" in CONFIG: unknown runtime. Valid runtimes: node, deno`],
    [{ runtime: 5 }, `Cannot use config CONFIG as 'run.runtime' must be a string or an array of strings: received 5`],
    [{ trials: 5, time: '1s' }, `Invalid run in CONFIG: run.trials and run.time exclude each other: keep one`],
    [{ params: { rounds: 'lots' } }, `Invalid run.params in CONFIG: Cannot set param 'rounds' of my/bank as it must be a finite number: received "lots"`],
    [{ params: { rouds: 5 } }, `Invalid run.params "rouds" in CONFIG: no selected experiment has it. Valid params: rounds`],
  ])('rejects the config value %j like the command line would, naming the file and key (exit 2)', (run, message) => {
    const dir = outside();
    expect(racelab(dir, 'new', 'bank').code).toBe(0);
    const config = join(dir, 'racelab.config.json');
    writeFileSync(config, JSON.stringify({ plugins: ['./bank.ts'], run }));
    const result = racelab(dir, 'run', '--out', join(dir, 'out'));
    expect(result.stderr).toContain(`racelab: ${message.replace('CONFIG', config)}`);
    expect(result.code).toBe(2);
    // Nothing ran, so nothing was written.
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

/** A plugin in plain JavaScript exporting two experiments by name. */
const MORE_PLUGIN = `import { Semaphore, defineExperiment, i32, i32Array, primitiveWith } from '@racelab/core';

// Message passing, batched: each actor sweeps \`stride\` independent instances per trial.
const NAMES = ['r0=0, r1=0', 'r0=0, r1=1', 'r0=1, r1=0', 'r0=1, r1=1'];
export const mp = defineExperiment({
  id: 'my/mp-atomics',
  title: 'Message passing with Atomics: seeing the flag means seeing the data',
  params: { stride: 256 },
  memory: (p) => ({ data: i32Array(p.stride), flag: i32Array(p.stride), r0: i32Array(p.stride), r1: i32Array(p.stride) }),
  actors: [
    ({ memory: { data, flag }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) { Atomics.store(data, i, 1); Atomics.store(flag, i, 1); }
    },
    ({ memory: { data, flag, r0, r1 }, params: { stride } }) => {
      for (let i = 0; i < stride; i++) { r0[i] = Atomics.load(flag, i); r1[i] = Atomics.load(data, i); }
    },
  ],
  instances: (p) => p.stride,
  outcomeNames: NAMES,
  outcome: ({ memory: { r0, r1 }, instance: i }) => r0[i] * 2 + r1[i],
  expect: { forbidden: (code) => NAMES[code] === 'r0=1, r1=0' },
});

// At most two of three workers inside at once.
const inside = ({ memory: { permits, now, most } }) => {
  for (let i = 0; i < 200; i++) {
    permits.acquire();
    const n = Atomics.add(now, 0, 1) + 1;
    if (n > Atomics.load(most, 0)) Atomics.store(most, 0, n);
    Atomics.sub(now, 0, 1);
    permits.release();
  }
};
export const semaphore = defineExperiment({
  id: 'my/semaphore-two-permits',
  title: 'A semaphore with two permits lets at most two workers in',
  memory: { permits: primitiveWith(Semaphore, 2), now: i32(), most: i32() },
  actors: [inside, inside, inside],
  outcome: ({ memory }) => memory.most[0],
  expect: { forbidden: (n) => n > 2 },
});
`;

/** Typos that plain JavaScript cannot catch before running. */
const TYPO_PLUGIN = `import { Mutex, defineExperiment, i32, primitive } from '@racelab/core';
const memory = { count: i32(), lock: primitive(Mutex) };
export const cell = defineExperiment({
  id: 'my/typo-cell', title: 'A misspelled cell', memory,
  actors: [() => {}, ({ memory }) => { memory.cuont[0]++; }],
  outcome: ({ memory }) => memory.count[0], expect: { exactly: 1 },
});
export const param = defineExperiment({
  id: 'my/typo-param', title: 'A misspelled param', params: { rounds: 10 }, memory,
  actors: [({ memory, params }) => { for (let i = 0; i < params.rouns; i++) memory.count[0]++; }],
  outcome: ({ memory }) => memory.count[0], expect: { exactly: 10 },
});
`;
