/**
 * racelab installs like a tool: `pnpm pack:cli` makes one tarball that
 * `npm install -g` installs without this repository (deno and bun come with
 * it), and `pnpm pack:core` makes @racelab/core an ordinary library that a
 * plain worker_threads program and a Web Worker page use from npm.
 *
 * Everything runs from temporary folders outside the repo, with an
 * environment stripped of what pnpm and the repo add (PATH entries, npm_*
 * variables, runtime overrides), so only the installed files can be used.
 * Third-party packages come from the registry through npm's normal cache:
 * `npm install -g` took 27 s with an empty cache (about 140 MB: deno, bun,
 * esbuild, puppeteer-core), 20 s with a warm one; the whole file about a minute.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './headless-report.js';
import { commandOf, leftovers, marked } from './leftovers.js';

const repo = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));
const { version } = JSON.parse(readFileSync(join(repo, 'apps/harness/package.json'), 'utf8')) as { version: string };
const consumerFixture = fileURLToPath(new URL('./fixtures/core-consumer/', import.meta.url));
const { marker, env: markedEnv } = marked();

let tmp: string;
let prefix: string;
let racelab: string;
/** The environment of a shell on a machine without the repo: no repo or npx PATH entries, no npm_* from pnpm. */
let userEnv: NodeJS.ProcessEnv;
const timings: Record<string, number> = {};

function run(command: string, args: string[], cwd: string, env = userEnv, label?: string): SpawnSyncReturns<string> {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  if (label) timings[label] = (Date.now() - started) / 1000;
  return result;
}

/** Fails with the command's output when it did not exit 0. */
function expectSuccess(result: SpawnSyncReturns<string>) {
  expect(result.error, String(result.error)).toBeUndefined();
  expect(result.status, `exit ${result.status}\n${result.stdout}\n${result.stderr}`).toBe(0);
}

/** The result documents a run wrote with --json. */
function readDocuments(file: string): { runtime: { id: string }; experiments: { id: string; verdict: string }[] }[] {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A fresh empty folder under the test's temporary folder. */
function folder(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  return dir;
}

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'racelab-install-')));
  expect(tmp.startsWith(repo)).toBe(false);
  prefix = join(tmp, 'prefix');
  racelab = join(prefix, 'bin', 'racelab');
  const path = (process.env.PATH ?? '').split(':').filter((dir) => dir && !dir.startsWith(repo) && !dir.includes('_npx'));
  userEnv = Object.fromEntries(
    Object.entries(markedEnv).filter(([name]) => !/^(npm_|pnpm_|INIT_CWD$|RACELAB_DENO$|RACELAB_BUN$)/i.test(name)),
  );
  userEnv.PATH = [join(prefix, 'bin'), ...path].join(':');

  // As a developer would: the documented commands, in the repo.
  for (const script of ['pack:cli', 'pack:core']) {
    expectSuccess(run('npx', ['-y', 'pnpm@12.4.2', script], repo, { ...markedEnv, TURBO_TELEMETRY_DISABLED: '1' }, script));
  }
  // As a user would: npm install -g of the tarball (into a temporary prefix).
  const install = run('npm', ['install', '-g', '--prefix', prefix, `./racelab-${version}.tgz`], repo, userEnv, 'npm install -g');
  expectSuccess(install);
  // deno's and bun's install scripts ran: their binaries are where the launchers look.
  const modules = join(prefix, 'lib', 'node_modules', 'racelab', 'node_modules');
  expect(existsSync(join(modules, 'deno', 'deno'))).toBe(true);
  expect(existsSync(join(modules, 'bun', 'bin', 'bun.exe'))).toBe(true);
}, 600_000);

afterAll(async () => {
  console.log(`install.test.ts timings (s): ${JSON.stringify(timings)}`);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  expect(await leftovers(marker)).toEqual([]);
});

describe('racelab installed with npm install -g from pnpm pack:cli', () => {
  it('runs the lesson on node and deno from an empty folder outside the repo', () => {
    const dir = folder('lesson');
    const result = run(racelab, ['run', '--runtime', 'node,deno', '-e', 'lesson/*', '--trials', '5', '--json', 'r.json'], dir, userEnv, 'run lesson');
    expectSuccess(result);
    const documents = readDocuments(join(dir, 'r.json'));
    expect(documents.map((d) => d.runtime.id)).toEqual(['node', 'deno']);
    const verdicts = documents.flatMap((d) => d.experiments.map((e) => `${d.runtime.id} ${e.id} ${e.verdict}`));
    expect(verdicts).toHaveLength(16);
    expect(verdicts.filter((v) => !v.endsWith(' pass'))).toEqual([]);
  }, 300_000);

  let pluginDir: string;

  it('scaffolds an experiment with racelab new and runs it as a plugin', () => {
    const dir = (pluginDir = folder('plugin'));
    expectSuccess(run(racelab, ['new', 'x'], dir));
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
    expect(existsSync(tsconfig.compilerOptions.paths['@racelab/core'][0])).toBe(true);
    const result = run(racelab, ['run', '--plugin', './x.ts', '--trials', '5'], dir, userEnv, 'run plugin');
    expectSuccess(result);
    expect(result.stdout).toContain('my/x');
  }, 300_000);

  it('runs the plugin and the suite in Chromium and Firefox (the built page bundle, no page sources installed)', () => {
    const args = ['run', '--runtime', 'chromium,firefox', '--plugin', './x.ts', '-e', 'my/x', '-e', 'lesson/two-threads-locked', '--trials', '5', '--json', 'b.json'];
    expectSuccess(run(racelab, args, pluginDir, userEnv, 'run in browsers'));
    const documents = readDocuments(join(pluginDir, 'b.json'));
    expect(documents.flatMap((d) => d.experiments.map((e) => `${d.runtime.id} ${e.id} ${e.verdict}`)).sort()).toEqual([
      'chromium lesson/two-threads-locked pass',
      'chromium my/x pass',
      'firefox lesson/two-threads-locked pass',
      'firefox my/x pass',
    ]);
  }, 300_000);

  it('doctor finds node, deno and bun', () => {
    const result = run(racelab, ['doctor', '--runtime', 'node,deno,bun', '--json'], folder('doctor'), userEnv, 'doctor');
    expectSuccess(result);
    const report = JSON.parse(result.stdout) as { id: string; status: string }[];
    expect(report.map((r) => `${r.id} ${r.status}`)).toEqual(['node ok', 'deno ok', 'bun ok']);
  }, 300_000);
});

describe('@racelab/core installed with npm install from pnpm pack:core', () => {
  let dir: string;

  beforeAll(() => {
    dir = folder('core-consumer');
    cpSync(consumerFixture, dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'core-consumer', private: true, type: 'module' })}\n`);
    expectSuccess(run('npm', ['install', '--no-audit', '--no-fund', join(repo, `racelab-core-${version}.tgz`)], dir, userEnv, 'npm install core'));
  }, 300_000);

  // maxHolders: never more than the permits; 2 when the workers really contended (almost always), 1 if the
  // scheduler happened to run them one after another, which is not the library's fault.
  const expected = { counter: 200_000, barrierRounds: 50, barrierSerial: 50, barrierEarly: 0, permits: 2, maxHolders: expect.toSatisfy((n: number) => n === 1 || n === 2) };

  it('Mutex, Barrier and Semaphore work across worker_threads over the program’s own SharedArrayBuffer', () => {
    const result = run(process.execPath, ['main.mjs'], dir, userEnv, 'worker_threads program');
    expectSuccess(result);
    expect(JSON.parse(result.stdout)).toEqual({ ...expected, schema: 'function' });
  }, 120_000);

  it('the README example runs as printed', () => {
    const example = /```js\n(\/\/ count\.mjs[\s\S]*?)```/.exec(readFileSync(join(repo, 'README.md'), 'utf8'))?.[1];
    expect(example, 'README.md has no ```js block starting // count.mjs').toBeDefined();
    writeFileSync(join(dir, 'count.mjs'), example!);
    const result = run(process.execPath, ['count.mjs'], dir);
    expectSuccess(result);
    expect(result.stdout.trim()).toBe('200000');
  }, 120_000);

  it('the same work in Web Workers in headless Chromium, core loaded through an import map without zod', async () => {
    const requested: string[] = [];
    const server: Server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      requested.push(path);
      const file = normalize(join(dir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(dir + sep) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': extname(file) === '.html' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      res.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { browser, close } = await launchChromium();
    const chromium = browser.process()?.pid;
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push((e as Error).message));
      const started = Date.now();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, { timeout: 60_000 });
      timings['chromium page'] = (Date.now() - started) / 1000;
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => (window as { result?: unknown }).result)).toEqual(expected);
      expect(requested).toContain('/node_modules/@racelab/core/dist/index.js');
      expect(requested.filter((p) => p.includes('zod'))).toEqual([]);
    } finally {
      await close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(chromium && commandOf(chromium)).toBe('');
  }, 120_000);
});
