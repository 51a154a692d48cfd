/**
 * The adapter contract, run for real on every runtime in CONTRACT_RUNTIMES
 * through the built `racelab` CLI (harness → host → adapter → workers), plus
 * the threads lesson on each. A runtime that is not installed fails here
 * loudly: it is never skipped.
 *
 * To add a runtime (e.g. chromium, firefox): add its id below and a `truth`
 * entry that asks the runtime directly for its identity and capabilities.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities, ExperimentResult, ResultDocument, RuntimeId } from '@racelab/core';
import { requireBinary } from '@racelab/host-process';
import { BUN_BINARY } from '@racelab/runtime-bun/launcher';
import { DENO_BINARY } from '@racelab/runtime-deno/launcher';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';
import { probeInBrowser } from './fixtures/browser-probe.js';

/** Every runtime the contract runs on. */
const CONTRACT_RUNTIMES: readonly RuntimeId[] = ['node', 'deno', 'bun', 'chromium', 'firefox'];

const cli = racelabCli();
const plugin = fileURLToPath(new URL('../src/experiments.js', import.meta.url));
const probe = fileURLToPath(new URL('./fixtures/probe.mjs', import.meta.url));
/** Short, so the stuck actor costs little; every other contract experiment takes well under a second. */
const STUCK_TIMEOUT_MS = 3_000;
/** Generous: hosts share two cores with other test files. */
const RUN_TIMEOUT_MS = 120_000;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: scratchDir(), env, timeout: RUN_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `racelab run` on one runtime and returns its exit code and result document. */
async function racelab(runtime: RuntimeId, args: readonly string[]): Promise<{ code: number; document: ResultDocument; stderr: string }> {
  const json = join(mkdtempSync(join(tmpdir(), 'racelab-contract-')), 'results.json');
  const result = await run(process.execPath, [cli, 'run', '--runtime', runtime, '--quiet', '--json', json, ...args]);
  let documents: ResultDocument[];
  try {
    documents = JSON.parse(readFileSync(json, 'utf8')) as ResultDocument[];
  } catch {
    throw new Error(`racelab wrote no result document (exit ${result.code}): ${result.stderr}`);
  }
  expect(documents).toHaveLength(1);
  return { code: result.code, document: documents[0]!, stderr: result.stderr };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/** What a runtime says about itself when asked directly, not through racelab's adapter. */
interface Truth {
  identity(): Promise<{ version: string; engine: RegExp }>;
  capabilities(): Promise<Omit<Capabilities, 'clockResolutionNs'>>;
}

const truth: Record<string, Truth> = {
  node: {
    // The harness runs the node host with its own binary: this one.
    identity: async () => ({ version: process.versions.node, engine: new RegExp(`^V8 ${escape(process.versions.v8)}$`) }),
    capabilities: async () => JSON.parse(lastLine((await run(process.execPath, [probe])).stdout)),
  },
  deno: {
    identity: async () => {
      const out = (await run(requireBinary(DENO_BINARY), ['--version'])).stdout;
      const v8 = /^v8 (\S+)/m.exec(out)?.[1];
      return { version: /^deno (\S+)/m.exec(out)?.[1] ?? out, engine: new RegExp(`^V8 ${escape(v8 ?? out)}$`) };
    },
    capabilities: async () => {
      const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
      const out = await run(requireBinary(DENO_BINARY), ['run', '--no-prompt', '--cached-only', probe], env);
      return JSON.parse(lastLine(out.stdout));
    },
  },
  bun: {
    identity: async () => {
      const bun = requireBinary(BUN_BINARY);
      const version = (await run(bun, ['--version'])).stdout.trim();
      // `bun --revision` prints e.g. 1.4.4+38afee6c8: the short form of the full revision.
      const short = (await run(bun, ['--revision'])).stdout.trim().split('+')[1] ?? '?';
      return { version, engine: new RegExp(`^JavaScriptCore .*\\b${escape(short)}`) };
    },
    capabilities: async () => JSON.parse(lastLine((await run(requireBinary(BUN_BINARY), [probe])).stdout)),
  },
};

/** A browser's own `--version` line, e.g. "Chromium 156.0.8078.108 built on Debian" or "Mozilla Firefox 153.7.0esr". */
async function browserVersion(binary: string): Promise<string> {
  const out = (await run(binary, ['--version'])).stdout;
  const version = /(\d+(?:\.\d+)+)/.exec(out)?.[1];
  if (!version) throw new Error(`cannot read a version from '${binary} --version': ${out}`);
  return version;
}

const CHROMIUM = process.env.RACELAB_CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.RACELAB_FIREFOX ?? '/usr/bin/firefox-esr';

truth.chromium = {
  // The binary says its version; V8's own version is only known from inside.
  identity: async () => ({ version: await browserVersion(CHROMIUM), engine: /^V8 \d+\.\d+/ }),
  capabilities: () => probeInBrowser('chromium', probe),
};
truth.firefox = {
  // SpiderMonkey is versioned with Firefox itself.
  identity: async () => {
    const version = await browserVersion(FIREFOX);
    return { version: new RegExp(`^${escape(version)}`), engine: new RegExp(`^SpiderMonkey ${escape(version)}`) } as never;
  },
  capabilities: () => probeInBrowser('firefox', probe),
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe.each(CONTRACT_RUNTIMES)('adapter contract on %s', (runtime) => {
  let code: number;
  let document: ResultDocument;
  let stderr: string;
  const result = (id: string): ExperimentResult => {
    const found = document.experiments.find((e) => e.id === `contract/${id}`);
    if (!found) throw new Error(`no result for contract/${id} on ${runtime}`);
    return found;
  };

  beforeAll(async () => {
    ({ code, document, stderr } = await racelab(runtime, [
      '--plugin',
      plugin,
      '--experiment',
      'contract/**',
      '--timeout',
      `${STUCK_TIMEOUT_MS}ms`,
    ]));
  }, RUN_TIMEOUT_MS);

  it('runs every contract experiment and finishes the host', () => {
    expect(document.incomplete, stderr).toBeUndefined();
    expect(document.experiments.map((e) => e.id)).toEqual([
      'contract/round-trip',
      'contract/shared-memory',
      'contract/wait-notify',
      'contract/clock-monotonic',
      'contract/worker-can-wait',
      'contract/stuck-actor',
      'contract/after-timeout',
    ]);
    // 3 = something failed to run: the stuck actor's timeout, and nothing else (a fail would be 1).
    expect(code).toBe(3);
  });

  it('says truly which runtime it is', async () => {
    const { version, engine } = await truth[runtime]!.identity();
    expect(document.runtime.id).toBe(runtime);
    if (version instanceof RegExp) expect(document.runtime.version).toMatch(version);
    else expect(document.runtime.version).toBe(version);
    expect(document.runtime.engine).toMatch(engine);
  });

  it('reports the capabilities the runtime really has', async () => {
    const { clockResolutionNs, ...probed } = document.capabilities!;
    expect(probed).toEqual(await truth[runtime]!.capabilities());
    expect(clockResolutionNs).toBeGreaterThan(0);
  });

  it.each([
    ['round-trip', 'starts workers from a module URL and messages both ways', 'racelab:42:43'],
    ['shared-memory', 'shares one SharedArrayBuffer between workers', 'shared'],
    ['wait-notify', 'wakes an Atomics.wait in one worker by Atomics.notify in another', 'ok/1'],
    ['clock-monotonic', 'has a monotonic clock that advances in every worker', 'monotonic,monotonic'],
    ['worker-can-wait', 'lets every worker block in Atomics.wait', 'can wait,can wait'],
  ])('%s: %s', (id, _title, outcome) => {
    const r = result(id);
    expect(r.verdict, r.reason).toBe('pass');
    expect(r.trials).toBeGreaterThan(0);
    expect(r.histogram).toEqual([{ outcome, count: r.trials * r.instances, class: 'acceptable' }]);
  });

  it('terminates a worker stuck in a busy loop: timeout, then fresh workers pass', () => {
    const stuck = result('stuck-actor');
    expect(stuck.verdict).toBe('timeout');
    expect(stuck.reason).toMatch(/workers terminated/);
    expect(stuck.elapsedMs).toBeLessThan(STUCK_TIMEOUT_MS + 2_000);
    const after = result('after-timeout');
    expect(after.verdict, after.reason).toBe('pass');
    expect(after.histogram).toEqual([{ outcome: 20_000, count: after.trials, class: 'acceptable' }]);
  });
});

describe.each(CONTRACT_RUNTIMES)('the threads lesson on %s', (runtime) => {
  it('passes all eight experiments', async () => {
    const { code, document, stderr } = await racelab(runtime, ['--experiment', 'lesson/*', '--param', 'increments=10000', '--trials', '20']);
    expect(document.incomplete, stderr).toBeUndefined();
    expect(document.runtime.id).toBe(runtime);
    const verdicts = document.experiments.map((e) => [e.id, e.verdict]);
    expect(verdicts).toHaveLength(8);
    expect(verdicts.filter(([, v]) => v !== 'pass'), JSON.stringify(document.experiments.map((e) => e.reason))).toEqual([]);
    expect(code).toBe(0);
  }, RUN_TIMEOUT_MS);
});
