/**
 * `racelab test262` on racelab's own test262-format fixtures (not test262's
 * files), on all five runtimes with real workers and browsers: each rule of
 * INTERPRETING.md gives its verdict per mode, a hung agent becomes that
 * test's timeout while the run goes on, an expectations file turns known
 * failures into an exit code of 0, and nothing is left behind. Bad input is
 * a usage error naming the file and line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResultDocument, resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { leftovers, marked } from './leftovers.js';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const CHECKOUT = fixture('test262');
const ALL = ['node', 'deno', 'bun', 'chromium', 'firefox'] as const;

/** Every test's verdict per mode, and its message where it did not pass, as each runtime must give them. */
const EXPECTED: Record<string, [verdicts: string, message?: RegExp]> = {
  'built-ins/Atomics/agents/async-fail.js': ['non-strict:fail strict:fail', /^Test262Error: async boom$/],
  'built-ins/Atomics/agents/async-pass.js': ['non-strict:pass strict:pass'],
  'built-ins/Atomics/agents/broadcast-and-report.js': ['non-strict:pass strict:pass'],
  'built-ins/Atomics/agents/hung-agent.js': ['strict:timeout', /^no result within 6000 ms$/],
  'built-ins/Atomics/agents/script-semantics.js': ['non-strict:pass strict:pass'],
  'built-ins/Atomics/agents/wait-and-notify.js': ['non-strict:pass strict:pass'],
  'built-ins/Atomics/agents/wrong-report.js': ['non-strict:fail strict:fail', /Expected SameValue\(«forty-one», «forty-two»\)/],
  'built-ins/Atomics/plain/add.js': ['non-strict:pass strict:pass'],
  // On node, deno and bun: skipped (see BROWSERS_RUN below for chromium and firefox).
  'flags/can-block-false.js': ['non-strict:skipped strict:skipped', /^CanBlockIsFalse: every agent of this runtime can block/],
  'flags/can-block-true.js': ['non-strict:pass strict:pass'],
  'flags/missing-feature.js': ['non-strict:skipped strict:skipped', /feature cross-realm/],
  'flags/module.js': ['non-strict:skipped strict:skipped', /^module tests are not run/],
  'flags/no-strict.js': ['non-strict:pass'],
  'flags/only-strict.js': ['strict:pass'],
  'flags/raw.js': ['raw:pass'],
  'negative/parse-syntax-error.js': ['non-strict:pass strict:pass'],
  'negative/runtime-type-error.js': ['non-strict:pass strict:pass'],
  'negative/wrong-type.js': ['non-strict:fail strict:fail', /^Expected TypeError \(runtime phase\), but got RangeError: not the one$/],
};

/** A browser runs a CanBlockIsFalse test on its window's main thread, where Atomics.wait throws. */
const BROWSERS_RUN: Record<string, [verdicts: string]> = { 'flags/can-block-false.js': ['non-strict:pass strict:pass'] };

function readDocuments(path: string): ResultDocument[] {
  return resultDocument.array().parse(JSON.parse(readFileSync(path, 'utf8')));
}

describe('racelab test262 on every runtime', () => {
  it('judges every rule per mode, times out the hung agent and goes on, honours expectations, and leaves nothing behind', async () => {
    const json = join(scratchDir(), 'test262.json');
    const { marker, env } = marked();
    const args = ['test262', CHECKOUT, 'test/built-ins', 'test/flags', 'test/negative', '--runtime', 'all', '--timeout', '6s'];
    const child = spawn(process.execPath, [cli, ...args, '--expectations', fixture('test262-expectations.json'), '--json', json], {
      env,
      cwd: scratchDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // Every failure is a known one: exit 0.
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Known failures that now pass \(remove them from .*test262-expectations\.json\): node: test262\/built-ins\/Atomics\/agents\/broadcast-and-report\.js/);
    const documents = readDocuments(json);
    expect(documents.map((d) => d.runtime.id)).toEqual([...ALL]);
    for (const document of documents) {
      const runtime = document.runtime.id;
      expect(document.incomplete, runtime).toBeUndefined();
      const seen = Object.fromEntries(
        document.experiments.map((e) => {
          const modes = e.test262!.modes;
          const message = modes.find((m) => m.verdict !== 'pass')?.message;
          return [e.id.replace('test262/', ''), [modes.map((m) => `${m.mode}:${m.verdict}`).join(' '), message]];
        }),
      );
      expect(Object.keys(seen).sort(), runtime).toEqual(Object.keys(EXPECTED).sort());
      const browser = runtime === 'chromium' || runtime === 'firefox';
      for (const [file, [verdicts, message]] of Object.entries({ ...EXPECTED, ...(browser && BROWSERS_RUN) })) {
        expect([runtime, file, seen[file]![0]]).toEqual([runtime, file, verdicts]);
        if (message) expect([runtime, file, seen[file]![1]]).toEqual([runtime, file, expect.stringMatching(message)]);
      }
      const known = document.experiments.filter((e) => e.test262!.knownFailure).map((e) => e.id.replace('test262/', '')).sort();
      expect([runtime, known]).toEqual([
        runtime,
        [
          'built-ins/Atomics/agents/async-fail.js',
          ...(runtime === 'node' ? ['built-ins/Atomics/agents/broadcast-and-report.js'] : []),
          'built-ins/Atomics/agents/hung-agent.js',
          'built-ins/Atomics/agents/wrong-report.js',
          'negative/wrong-type.js',
        ],
      ]);
    }
    expect(await leftovers(marker)).toEqual([]);
    // The known failures are in the documents: merging them (CI shards) exits 0 too.
    const merged = spawnSync(process.execPath, [cli, 'merge', json, '--quiet'], { encoding: 'utf8', cwd: scratchDir() });
    expect(merged.status, merged.stderr).toBe(0);
  }, 240_000);

  it('without expectations, exits 1 for a failed test and picks the Atomics folders that use agents by default', () => {
    const json = join(scratchDir(), 'default.json');
    const run = spawnSync(process.execPath, [cli, 'test262', CHECKOUT, '--runtime', 'node', '--timeout', '2s', '--json', json, '--quiet'], {
      encoding: 'utf8',
      cwd: scratchDir(),
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const [document] = readDocuments(json);
    // Atomics/plain uses no agent; flags/ and negative/ are not under Atomics.
    expect(document!.experiments.map((e) => e.id.replace('test262/built-ins/Atomics/', '')).sort()).toEqual(
      Object.keys(EXPECTED).filter((f) => f.includes('/agents/')).map((f) => f.replace('built-ins/Atomics/', '')).sort(),
    );
  }, 60_000);
});

describe('racelab test262 refuses bad input with a message and exit 2', () => {
  const refuse = (args: string[]) => {
    const run = spawnSync(process.execPath, [cli, 'test262', ...args], { encoding: 'utf8', cwd: scratchDir(), timeout: 30_000 });
    return [run.status, run.stderr.trim()];
  };
  it.each([
    [['/nonexistent'], /^racelab: Cannot use \/nonexistent as a test262 checkout: .*assert\.js .* is missing/],
    [[CHECKOUT, 'test/broken/bad-yaml.js'], /^racelab: test\/broken\/bad-yaml\.js:\d+: the front matter is not valid YAML/],
    [[CHECKOUT, 'test/broken/unknown-flag.js'], /^racelab: test\/broken\/unknown-flag\.js:3: unknown flag 'sometimes'\. Valid: onlyStrict, noStrict, module, raw, async/],
    [[CHECKOUT, 'test/broken/missing-include.js'], /^racelab: test\/broken\/missing-include\.js:3: includes nowhere\.js, which .*harness does not have/],
    [[CHECKOUT, 'test/broken/no-front-matter.js'], /^racelab: test\/broken\/no-front-matter\.js: no front matter/],
    [[CHECKOUT, 'test/nothing/**'], /^racelab: No test262 test matches 'test\/nothing\/\*\*'/],
    [[CHECKOUT, '--concurrency', '0'], /^racelab: Invalid --concurrency '0': use a positive integer/],
    [[CHECKOUT, '--timeout', 'soon'], /^racelab: Invalid --timeout 'soon'/],
    [[CHECKOUT, '--runtime', 'netscape'], /^racelab: Invalid --runtime 'netscape': unknown runtime\. Valid runtimes: node, deno, bun, chromium, firefox, all/],
    [[CHECKOUT, '--expectations', fixture('test262-bad-expectations.json')], /^racelab: .*test262-bad-expectations\.json:3:1: not valid JSON or YAML/],
  ])('%j', (args, message) => {
    expect(refuse(args)).toEqual([2, expect.stringMatching(message)]);
  });

  it('names an unknown runtime in an expectations file', () => {
    const file = join(scratchDir(), 'expectations.json');
    writeFileSync(file, JSON.stringify({ safari: ['x.js'] }));
    expect(refuse([CHECKOUT, '--expectations', file])).toEqual([2, expect.stringMatching(/unknown runtime 'safari'\. Valid: \*, node, deno, bun, chromium, firefox/)]);
  });
});
