/**
 * Nothing lost, nothing left behind: the fault-injection suite on every
 * runtime, a host killed mid-run, and a run interrupted by SIGINT or SIGTERM,
 * each through the built CLI with real hosts, workers and browsers. After
 * each, no process that racelab started is left, and no socket it listened on.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type ResultDocument, resultDocument } from '@racelab/core/schema';
import { describe, expect, it } from 'vitest';
import { childrenOf, commandOf, isListening, leftovers, listeningPortsOf, marked, processesWith } from './leftovers.js';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const ALL = ['node', 'deno', 'bun', 'chromium', 'firefox'] as const;

/** The CLI as a child process; `watch` is called with the documents on disk every 50 ms until it exits. */
function racelab(args: string[], json: string, watch?: (documents: ResultDocument[], pid: number) => void) {
  const { marker, env } = marked();
  const child = spawn(process.execPath, [cli, ...args, '--json', json], { env, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const ports = new Set<number>();
  // How many marked processes were seen at once: proof that the marker reaches them.
  let peak = 0;
  let ticks = 0;
  let written = 0;
  const timer = setInterval(() => {
    for (const port of listeningPortsOf(child.pid!)) ports.add(port);
    // Every half second, and whenever a result was just written (its host is alive then).
    const mtime = existsSync(json) ? statSync(json).mtimeMs : 0;
    if (ticks++ % 10 === 0 || mtime !== written) peak = Math.max(peak, processesWith(marker).length);
    written = mtime;
    if (watch && existsSync(json)) {
      try {
        watch(readDocuments(json), child.pid!);
      } catch {
        // Caught between a write and its rename: read again next time.
      }
    }
  }, 50);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { marker, ports, done, child, peak: () => peak };
}

function readDocuments(path: string): ResultDocument[] {
  return resultDocument.array().parse(JSON.parse(readFileSync(path, 'utf8')));
}

const tmp = () => mkdtempSync(join(tmpdir(), 'racelab-faults-'));

/** No process carrying the run's marker, no port its harness listened on. */
async function expectNothingLeft(run: { marker: string; ports: Set<number>; peak: () => number }) {
  expect(run.peak(), 'marked processes seen during the run').toBeGreaterThan(1);
  expect(await leftovers(run.marker)).toEqual([]);
  for (const port of run.ports) expect(isListening(port), `port ${port}`).toBe(false);
}

const verdicts = (document: ResultDocument) => Object.fromEntries(document.experiments.map((e) => [e.id, e.verdict]));
const reasonOf = (document: ResultDocument, id: string) => document.experiments.find((e) => e.id === id)?.reason ?? '';

describe('the fault-injection suite on every runtime', () => {
  it('gives every fault its verdict and reason, runs what follows, exits 3 and leaves nothing behind', async () => {
    const json = join(tmp(), 'faults.json');
    // Hangs end at the 2 s timeout; the Node workers get a 64 MiB heap, below the out-of-memory actor's 384 MiB.
    const run = racelab(
      ['run', '--runtime', 'all', '--plugin', fixture('fault-suite.js'), '--timeout', '2s', '--max-memory', '64MiB'],
      json,
    );
    const { code, stderr } = await run.done;
    expect(code, stderr).toBe(3);
    // The browsers' page server listened while they ran.
    expect(run.ports.size).toBeGreaterThan(0);
    // Deno alone gets a fresh host after each timeout (its terminate() cannot stop a busy loop): three hangs, maybe the slow allocation.
    expect(stderr.match(/^deno info: restarting the host after a timeout/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(stderr).not.toMatch(/^(node|bun|chromium|firefox) info: restarting/m);
    const documents = readDocuments(json);
    expect(documents.map((d) => d.runtime.id)).toEqual([...ALL]);
    for (const document of documents) {
      const id = document.runtime.id;
      expect(document.incomplete, id).toBeUndefined();
      const v = verdicts(document);
      for (let n = 1; n <= 9; n++) expect(v[`fault/fine-${n}`], `${id} fault/fine-${n}`).toBe('pass');
      expect([id, v['fault/throws'], reasonOf(document, 'fault/throws')]).toEqual([id, 'error', expect.stringMatching(/actor 1 threw: RangeError: boom at trial 2/)]);
      for (const hang of ['fault/busy-loop', 'fault/deadlock', 'fault/waits-forever']) {
        expect([id, hang, v[hang], reasonOf(document, hang)]).toEqual([id, hang, 'timeout', 'no result within 2000 ms: workers terminated']);
      }
      const ended = {
        exits: { node: 'exited (code 7)', deno: 'ended itself (Deno.exit(7))', bun: 'exited (code 7)', chromium: 'ended itself (close())', firefox: 'ended itself (close())' },
        closes: { node: 'exited (code 7)', deno: 'ended itself (close())', bun: 'exited (code 7)', chromium: 'ended itself (close())', firefox: 'ended itself (close())' },
      };
      for (const fault of ['exits', 'closes'] as const) {
        expect([id, fault, v[`fault/${fault}`], reasonOf(document, `fault/${fault}`)]).toEqual([
          id, fault, 'error', `the worker of actor 1 ${ended[fault][id]} before the run finished`,
        ]);
      }
      expect([id, v['fault/outcome-throws'], reasonOf(document, 'fault/outcome-throws')]).toEqual([id, 'error', expect.stringMatching(/the outcome function threw: Error: cannot read the outcome/)]);
      expect([id, v['fault/unserialisable-outcome'], reasonOf(document, 'fault/unserialisable-outcome')]).toEqual([
        id,
        'error',
        expect.stringMatching(/Cannot record outcome as it must be a finite number, a string or a boolean: received Object/),
      ]);
      // Node enforces the heap limit; elsewhere the actor stops at its cap and says so. A loaded machine may make that slow.
      const oom = [v['fault/out-of-memory'], reasonOf(document, 'fault/out-of-memory')];
      if (id === 'node') expect(oom).toEqual(['error', expect.stringMatching(/reaching memory limit: JS heap out of memory/)]);
      else expect([id, oom]).toEqual([id, expect.arrayContaining([expect.stringMatching(/^(error|timeout)$/)])]);
      if (id !== 'node' && oom[0] === 'error') expect(oom[1]).toMatch(/allocated 384 MiB and nothing stopped it/);
    }
    await expectNothingLeft(run);
  }, 180_000);
});

describe('trials that never end', () => {
  it('are counted as hung on every runtime, the next trials run on fresh workers, and nothing is left behind', async () => {
    const json = join(tmp(), 'hung.json');
    const run = racelab(['run', '--runtime', 'all', '--plugin', fixture('hang-suite.js'), '--timeout', '30s'], json);
    const { code, stderr } = await run.done;
    expect(code, stderr).toBe(0);
    // Deno cannot stop the stuck worker: it stops at the first hung trial, and its host is restarted.
    expect(stderr.match(/^deno info: restarting the host after a timeout or a hung trial/gm)?.length).toBe(1);
    const documents = readDocuments(json);
    expect(documents.map((d) => d.runtime.id)).toEqual([...ALL]);
    for (const document of documents) {
      const id = document.runtime.id;
      expect([id, verdicts(document)]).toEqual([id, { 'hang/sometimes': 'pass', 'hang/after': 'pass' }]);
      const hung = document.experiments.find((e) => e.id === 'hang/sometimes')!;
      const counts = Object.fromEntries(hung.histogram.map((h) => [h.outcome, [h.count, h.class]]));
      if (id === 'deno') {
        expect(counts).toEqual({ 2: [1, 'acceptable'], hung: [1, 'interesting'] });
        expect(hung.hung).toEqual({ trials: 1, stillRunning: [0, 1], stoppedEarly: expect.stringMatching(/does not stop a worker busy in a loop/) });
      } else {
        expect([id, counts]).toEqual([id, { 2: [4, 'acceptable'], hung: [2, 'interesting'] }]);
        expect([id, hung.hung]).toEqual([id, { trials: 2, stillRunning: [0, 2] }]);
      }
      expect([id, hung.trials, hung.trialDeadlineMs]).toEqual([id, id === 'deno' ? 2 : 6, 300]);
    }
    await expectNothingLeft(run);
  }, 120_000);
});

describe('slow trials', () => {
  it('with progress, a trial past its deadline that keeps moving ends normally, and one that stops is hung', async () => {
    const json = join(tmp(), 'slow.json');
    const run = racelab(['run', '--runtime', 'node,bun', '--plugin', fixture('slow-suite.js'), '--timeout', '30s'], json);
    const { code, stderr } = await run.done;
    expect(code, stderr).toBe(0);
    for (const document of readDocuments(json)) {
      const id = document.runtime.id;
      const histogram = (experiment: string) => document.experiments.find((e) => e.id === experiment)!.histogram.map((h) => [h.outcome, h.count]);
      expect([id, verdicts(document)]).toEqual([id, { 'slow/moving': 'pass', 'slow/stops': 'pass' }]);
      expect([id, histogram('slow/moving')]).toEqual([id, [['ended', 2]]]);
      expect([id, histogram('slow/stops')]).toEqual([id, [['hung', 1]]]);
    }
    await expectNothingLeft(run);
  }, 60_000);
});

describe('a host that dies mid-run', () => {
  it('on each runtime: what did not run is an error with the reason, the next runtime still runs, the first result is on disk', async () => {
    const json = join(tmp(), 'killed.json');
    const killed = new Set<string>();
    const run = racelab(
      ['run', '--runtime', 'all', '--plugin', fixture('long-suite.js'), '--timeout', '60s', '-q'],
      json,
      (documents, pid) => {
        const current = documents.at(-1);
        if (!current || killed.has(current.runtime.id) || current.experiments.length !== 1) return;
        // The harness's children: the host process, or the browser (not esbuild's service, which bundled the plugin).
        killed.add(current.runtime.id);
        for (const child of childrenOf(pid)) {
          if (!commandOf(child).includes('esbuild')) process.kill(child, 'SIGKILL');
        }
      },
    );
    const { code, stderr } = await run.done;
    expect(code, stderr).toBe(3);
    const documents = readDocuments(json);
    expect(documents.map((d) => d.runtime.id)).toEqual([...ALL]);
    for (const document of documents) {
      const id = document.runtime.id;
      expect([id, verdicts(document)]).toEqual([id, { 'long/first': 'pass', 'long/slow': 'error', 'long/last': 'error' }]);
      expect([id, document.incomplete]).toEqual([id, expect.stringMatching(/host ended before finishing|disconnected|closed|crashed/)]);
      expect(reasonOf(document, 'long/last')).toBe(document.incomplete);
    }
    await expectNothingLeft(run);
  }, 120_000);
});

describe('an interrupted run', () => {
  // The second runtime must never start.
  it.each([
    { runtimes: ['node', 'deno'], signal: 'SIGINT' },
    { runtimes: ['deno', 'node'], signal: 'SIGTERM' },
    { runtimes: ['bun', 'node'], signal: 'SIGINT' },
    { runtimes: ['chromium', 'node'], signal: 'SIGTERM' },
    { runtimes: ['firefox', 'node'], signal: 'SIGINT' },
  ] as const)('$signal during $runtimes.0: keeps what finished, says it was interrupted, stops everything, exits 130', async ({ runtimes, signal }) => {
    const victim = runtimes[0];
    const json = join(tmp(), 'interrupted.json');
    let sent = false;
    const run = racelab(
      ['run', '--runtime', runtimes.join(','), '--plugin', fixture('long-suite.js'), '--timeout', '60s', '-q'],
      json,
      (documents, pid) => {
        const current = documents.at(-1);
        if (sent || current?.runtime.id !== victim || current.experiments.length !== 1) return;
        sent = true;
        process.kill(pid, signal);
      },
    );
    const started = Date.now();
    const { code, stderr } = await run.done;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(`racelab: ${signal}: stopping the hosts and saving what finished`);
    const documents = readDocuments(json);
    expect(documents.map((d) => d.runtime.id)).toEqual([victim]);
    const last = documents[0]!;
    expect(last.incomplete).toBe(`interrupted by ${signal}`);
    expect(verdicts(last)).toEqual({ 'long/first': 'pass' });
    // Stopped at once, not after the 20 s experiment.
    expect(Date.now() - started).toBeLessThan(60_000);
    await expectNothingLeft(run);
  }, 120_000);
});

describe('an interrupted doctor', () => {
  it('stops the browser it was probing and exits 130', async () => {
    const { marker, env } = marked();
    const child = spawn(process.execPath, [cli, 'doctor', '--runtime', 'firefox'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupted once the browser runs (more marked processes than the harness itself).
    let seen = 0;
    while (seen < 2 && child.exitCode === null) {
      await delay(50);
      seen = processesWith(marker).filter((p) => p.includes('firefox')).length;
    }
    expect(seen, stderr).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    expect(await code, stderr).toBe(130);
    expect(stderr).toContain('racelab: SIGINT: stopping the hosts');
    expect(await leftovers(marker)).toEqual([]);
  }, 60_000);
});

describe('a harness killed with SIGKILL', () => {
  it.each(ALL)('leaves no %s process behind', async (runtime) => {
    const json = join(tmp(), 'sigkill.json');
    let sent = false;
    const run = racelab(['run', '--runtime', runtime, '--plugin', fixture('long-suite.js'), '--timeout', '60s', '-q'], json, (documents, pid) => {
      if (sent || documents[0]?.experiments.length !== 1) return;
      sent = true;
      process.kill(pid, 'SIGKILL');
    });
    const { code } = await run.done;
    expect(sent).toBe(true);
    expect(code).toBeNull();
    // Nothing could save or stop anything: the hosts end by themselves, browsers by their reaper.
    expect(readDocuments(json)[0]!.experiments.map((e) => e.verdict)).toEqual(['pass']);
    await expectNothingLeft(run);
  }, 60_000);
});
