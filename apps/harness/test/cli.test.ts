/**
 * The `racelab` CLI end to end: the built binary, a real Node host, real
 * workers. Each case asserts the exit code, the message and the verdicts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const faults = fileURLToPath(new URL('../../../runtimes/node/test/fixtures/engine-fixtures.js', import.meta.url));

/** The folder the CLI runs in, so that its default output (reports/<timestamp>/) lands outside the repo. */
const cwd = mkdtempSync(join(tmpdir(), 'racelab-cli-cwd-'));

function racelab(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readDocuments(path: string) {
  return resultDocument.array().parse(JSON.parse(readFileSync(path, 'utf8')));
}

const tmp = () => mkdtempSync(join(tmpdir(), 'racelab-cli-'));

describe('racelab run on node', () => {
  it('passes all eight lesson experiments and writes a valid result document', () => {
    const json = join(tmp(), 'results.json');
    const { code, stdout, stderr } = racelab('run', '--runtime', 'node', '-e', 'lesson/*', '--param', 'increments=20000', '--trials', '15', '--json', json);
    expect(stderr).toContain('Result documents written to');
    expect(code).toBe(0);
    const [document] = readDocuments(json);
    expect(document!.runtime).toMatchObject({ id: 'node', version: process.versions.node });
    expect(document!.experiments.map((e) => [e.id, e.verdict])).toEqual([
      ['lesson/one-thread', 'pass'],
      ['lesson/one-worker-joined', 'pass'],
      ['lesson/observer-reads-while-counting', 'pass'],
      ['lesson/observer-reads-under-lock', 'pass'],
      ['lesson/one-thread-twice', 'pass'],
      ['lesson/two-threads-racy', 'pass'],
      ['lesson/two-threads-locked', 'pass'],
      ['lesson/two-threads-atomic', 'pass'],
    ]);
    for (const id of ['lesson/two-threads-locked', 'lesson/two-threads-atomic']) {
      const e = document!.experiments.find((x) => x.id === id)!;
      expect(e.histogram).toEqual([{ outcome: 40_000, count: 15, class: 'acceptable' }]);
    }
    for (const e of document!.experiments.filter((x) => x.id.includes('under-lock'))) {
      for (const h of e.histogram) expect(Number(h.outcome) % 10).toBe(0);
    }
    expect(stdout).toMatch(/lesson\/two-threads-atomic\s+pass\s+15 trials\s+always 40000/);
  });

  it('shows lost updates with default settings', () => {
    const json = join(tmp(), 'racy.json');
    const { code, stdout } = racelab('run', '-e', 'lesson/two-threads-racy', '--trials', '200', '--json', json);
    expect(code).toBe(0);
    const racy = readDocuments(json)[0]!.experiments[0]!;
    expect(racy.rates.interesting.count).toBeGreaterThan(0);
    expect(racy.measure).toMatchObject({ label: 'lost updates', unit: 'percent' });
    expect(racy.measure!.value).toBeGreaterThan(0);
    expect(stdout).toMatch(/lost updates \d+(\.\d)?%/);
  });

  it('exits 1 when a forbidden outcome is seen, naming it', () => {
    const { code, stdout } = racelab('run', '--plugin', faults, '-e', 'engine/broken-lock', '--trials', '40');
    expect(code).toBe(1);
    expect(stdout).toMatch(/engine\/broken-lock\s+fail\s+40 trials/);
    expect(stdout).toMatch(/reproduce: racelab run --runtime node -e engine\/broken-lock --param increments=100000 --trials 40/);
  });

  it('prints a reproduce command with every non-default run setting, and records them in the document', () => {
    const json = join(tmp(), 'broken.json');
    const { code, stdout } = racelab(
      'run', '--plugin', faults, '-e', 'engine/broken-lock', '--trials', '40', '--warmup', '2', '--spin', '5us',
      '--timeout', '20s', '--max-memory', '64MiB', '--json', json,
    );
    expect(code).toBe(1);
    expect(stdout).toContain(
      `reproduce: racelab run --runtime node -e engine/broken-lock --param increments=100000 --trials 40 --warmup 2 --spin 5us --timeout 20s --max-memory ${64 * 2 ** 20}B --plugin ${faults}`,
    );
    const [document] = readDocuments(json);
    expect(document!.settings).toEqual({ warmup: 2, spinMs: 0.005, timeoutMs: 20_000, maxMemoryBytes: 64 * 2 ** 20, workerHeapMiB: 64 });
    expect(document!.experiments[0]).toMatchObject({ warmup: 2, spinMs: 0.005, timeoutMs: 20_000 });
  });

  it('records the spin budget the engine chose when the run did not set one', () => {
    const json = join(tmp(), 'fine.json');
    expect(racelab('run', '--plugin', faults, '-e', 'engine/fine', '--trials', '5', '--json', json).code).toBe(0);
    const [document] = readDocuments(json);
    expect(document!.settings).toMatchObject({ warmup: null, spinMs: null, timeoutMs: 30_000 });
    // Two actors on this 2-core machine: the engine spins up to 250 ms.
    expect(document!.experiments[0]!.spinMs).toBe(250);
  });

  it('creates the folders of every output path it is given', () => {
    const base = join(tmp(), 'some', 'new', 'folder');
    const { code, stderr } = racelab(
      'run', '--plugin', faults, '-e', 'engine/fine', '--trials', '5',
      '--json', join(base, 'json', 'r.json'), '--out', join(base, 'out'), '--markdown', join(base, 'md', 'r.md'), '--html', join(base, 'html', 'r.html'),
    );
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    expect(readDocuments(join(base, 'json', 'r.json'))[0]!.experiments[0]!.verdict).toBe('pass');
    for (const file of ['out/node.json', 'md/r.md', 'html/r.html']) expect(existsSync(join(base, file))).toBe(true);
  });

  it('turns an actor that throws into an error with its message, runs the rest, keeps the results, exits 3', () => {
    const json = join(tmp(), 'faults.json');
    const { code, stdout, stderr } = racelab(
      'run', '--plugin', faults, '-e', 'fault/throws', '-e', 'fault/never-returns', '-e', 'engine/fine',
      '--timeout', '1s', '--trials', '10', '--json', json,
    );
    expect(code).toBe(3);
    const results = readDocuments(json)[0]!.experiments;
    // Module exports are listed alphabetically: engine/fine, fault/never-returns, fault/throws.
    expect(results.map((e) => [e.id, e.verdict])).toEqual([
      ['engine/fine', 'pass'],
      ['fault/never-returns', 'timeout'],
      ['fault/throws', 'error'],
    ]);
    expect(results[1]!.reason).toBe('no result within 1000 ms: workers terminated');
    expect(results[2]!.reason).toMatch(/^actor 1 threw: RangeError: boom at trial 3\n\s+at /);
    expect(stdout).toMatch(/fault\/throws\s+error\s+0 trials\s+actor 1 threw: RangeError: boom at trial 3/);
    expect(stderr).toMatch(/timeout\s+fault\/never-returns/);
  });
});

describe('racelab usage errors exit 2 with a message that names the valid choices', () => {
  it.each([
    [['run', '-e', 'lesson/nope'], /No experiment matches 'lesson\/nope'\. Valid ids: lesson\/one-thread, /],
    [['run', '--runtime', 'rhino'], /Invalid --runtime 'rhino': unknown runtime\. Valid runtimes: node, .*all/],
    [['run', '--param', 'increments'], /Invalid --param 'increments': use key=value/],
    [['run', '--param', 'incremnts=5'], /Invalid --param 'incremnts': no selected experiment has it\. Valid params: increments, group/],
    [['run', '--param', 'increments=lots'], /Cannot set param 'increments' of lesson\/one-thread as it must be a finite number: received "lots"/],
    [['run', '--time', 'soon'], /Invalid --time 'soon': use a positive duration such as 500ms, 2s/],
    [['run', '--timeout', '-1s'], /Invalid --timeout '-1s'/],
    [['run', '--trials', '0'], /Invalid --trials '0': use a positive integer/],
    [['run', '--warmup', '-1'], /Invalid --warmup '-1': use a non-negative integer/],
    [['run', '--samples', '1.5'], /Invalid --samples '1.5': use a positive integer/],
    [['run', '--spin', 'fast'], /Invalid --spin 'fast'/],
    [['run', '--min-effect', '0.5'], /Invalid --min-effect '0.5': use a ratio of at least 1 such as 1.2/],
    [['run', '--min-effect', 'big'], /Invalid --min-effect 'big': use a ratio of at least 1/],
    [['merge', 'results.json', '--min-effect', '-2'], /Invalid --min-effect '-2': use a ratio of at least 1/],
    [['run', '--trials', '5', '--time', '1s'], /cannot be used with option '-t, --time/],
    [['run', '--plugin', 'missing.js'], /Cannot load plugin 'missing.js' as there is no such file/],
    [['run', '--frobnicate'], /unknown option '--frobnicate'/],
    [['explode'], /unknown command 'explode'/],
  ])('racelab %j', (args, message) => {
    const { code, stderr } = racelab(...(args as string[]));
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});

describe('racelab list', () => {
  it('lists the experiments with their params', () => {
    const { code, stdout } = racelab('list', '-e', 'lesson/*');
    expect(code).toBe(0);
    expect(stdout).toMatch(/lesson\/observer-reads-under-lock\s+2\s+increments=100000 group=10\s+4\. Counting in locked groups/);
    expect(stdout.trim().split('\n')).toHaveLength(10);
  });
});
