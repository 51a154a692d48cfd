import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { racelabCli, scratchDir } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const racelab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, cwd: scratchDir() });

describe('racelab doctor', () => {
  it('probes every runtime for real and prints the capability matrix', () => {
    const { status, stdout } = racelab('doctor');
    expect(status).toBe(0);
    const header = stdout.split('\n')[0]!;
    expect(header.split(/\s{2,}/)).toEqual(['capability', 'node', 'deno', 'bun', 'chromium', 'firefox']);
    // Browsers forbid Atomics.wait on the page's main thread; the others allow it.
    expect(stdout).toMatch(/Atomics\.wait on main thread\s+yes\s+yes\s+yes\s+no\s+no/);
    expect(stdout).toMatch(/crossOriginIsolated\s+n\/a\s+n\/a\s+n\/a\s+yes\s+yes/);
  });

  it('prints JSON on request', () => {
    const { status, stdout } = racelab('doctor', '--runtime', 'node,bun', '--json');
    expect(status).toBe(0);
    const reports = JSON.parse(stdout);
    expect(reports.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([['node', 'ok'], ['bun', 'ok']]);
    expect(reports[0].runtime.version).toBe(process.versions.node);
    expect(reports[1].capabilities).toMatchObject({ sharedArrayBuffer: true, atomicsWaitOnMainThread: true, cores: expect.any(Number) });
  });

  it('rejects an unknown runtime with the valid choices, exit 2', () => {
    const { status, stderr } = racelab('doctor', '--runtime', 'rhino');
    expect(stderr).toMatch(/Invalid --runtime 'rhino': unknown runtime\. Valid runtimes: node, deno, bun, chromium, firefox, all/);
    expect(status).toBe(2);
  });
});
