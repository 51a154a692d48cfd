/**
 * Keeps the guide's "Testing a library from npm: ringbuf.js" true: the
 * example is taken from docs/writing-experiments.md as printed (the ```ts
 * block whose first line is `// ringbuf-lab/ring-buffer.ts`; guide.test.ts
 * leaves it alone, as it only takes blocks named by a bare file name),
 * written into a folder under os.tmpdir() (outside the repo), ringbuf.js is
 * installed there from the npm registry as the plugin's own dependency, and
 * the built CLI runs the guide's command in that folder on all five runtimes.
 *
 * Needs the npm registry (or a warm npm cache). Took 19-40 s on a 2-core
 * machine busy with other work (load 5): npm install ~1 s, the run on all
 * five runtimes 16-29 s, the broken producer on node 2-10 s.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultDocument } from '@racelab/core/schema';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { racelabCli } from '../../../test-support/racelab-cli.js';
import { leftovers, marked } from './leftovers.js';

const cli = racelabCli();
const repo = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));
const guide = readFileSync(join(repo, 'docs/writing-experiments.md'), 'utf8');
const { marker, env } = marked();
const timings: Record<string, number> = {};
let dir: string;

/** The guide's ```ts block whose first line is `// <header>`. */
function blockOf(markdown: string, header: string): string {
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, body]) => body!).filter((body) => body.startsWith(`// ${header}\n`));
  expect(blocks, `one \`\`\`ts block starting with // ${header}`).toHaveLength(1);
  return blocks[0]!;
}

/** The arguments of the guide's `<command> ...` line that starts with `prefix` (e.g. `racelab run --plugin ./ring-buffer.ts`). */
function commandLine(markdown: string, prefix: string): string[] {
  const lines = markdown.split('\n').filter((line) => line.startsWith(prefix));
  expect(lines, `one line starting with ${prefix}`).toHaveLength(1);
  return lines[0]!.split('#')[0]!.trim().split(/\s+/).slice(1);
}

function run(label: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): SpawnSyncReturns<string> {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: dir, env: options.env ?? env, encoding: 'utf8', timeout: options.timeout ?? 120_000 });
  timings[label] = (Date.now() - started) / 1000;
  return result;
}

const section = guide.slice(guide.indexOf('## Testing a library from npm: ringbuf.js'));
const plugin = blockOf(guide, 'ringbuf-lab/ring-buffer.ts');
const racelabArgs = commandLine(section, 'racelab run --plugin ./ring-buffer.ts');

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'racelab-ringbuf-')));
  expect(dir.startsWith(repo)).toBe(false);
  // As in the guide: a folder of its own with ringbuf.js installed from npm (the
  // package.json `npm init -y` would write, less its boilerplate), and the plugin.
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'ringbuf-lab', version: '1.0.0', private: true }, null, 2)}\n`);
  const initAndInstall = commandLine(section, 'npm init -y && npm install');
  const install = initAndInstall.slice(initAndInstall.indexOf('install')); // the `npm install ...` half
  expect(install).toEqual(['install', 'ringbuf.js@0.4.0']);
  // npm as from a plain shell: not pnpm's npm_* settings of this test run.
  const shellEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !/^(npm_|pnpm_)/i.test(name)));
  const npm = run('npm install', 'npm', [...install, '--no-audit', '--no-fund'], { env: shellEnv });
  expect(npm.status, `${npm.stdout}\n${npm.stderr}`).toBe(0);
  expect(JSON.parse(readFileSync(join(dir, 'node_modules/ringbuf.js/package.json'), 'utf8')).version).toBe('0.4.0');
  writeFileSync(join(dir, 'ring-buffer.ts'), plugin);
}, 180_000);

afterAll(async () => {
  console.log(`ring-buffer-guide.test.ts timings (s): ${JSON.stringify(timings)}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
  expect(await leftovers(marker)).toEqual([]);
});

it('runs the ringbuf.js example of the guide, as printed, on all five runtimes', () => {
  expect(racelabArgs).toEqual(['run', '--plugin', './ring-buffer.ts', '--runtime', 'all', '--trials', '5', '--json', 'r.json']);
  const result = run('racelab run --runtime all', process.execPath, [cli, ...racelabArgs], { timeout: 170_000 });
  expect(result.stderr).not.toMatch(/racelab:/);
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const documents = resultDocument.array().parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
  expect(documents.map((d) => d.runtime.id)).toEqual(['node', 'deno', 'bun', 'chromium', 'firefox']);
  const itemsPerSecond: Record<string, number> = {};
  for (const d of documents) {
    const [e] = d.experiments;
    expect(d.experiments).toHaveLength(1);
    expect([e!.id, e!.verdict, e!.reason]).toEqual(['ringbuf/in-order', 'pass', undefined]);
    expect(e!.trials).toBe(5);
    // Every trial moved all 100 000 items in order: the one outcome is 0.
    expect(e!.histogram).toEqual([{ outcome: 0, count: 5, class: 'acceptable' }]);
    const { opsPerSec } = e!.timing!; // ops is items: items per second
    expect(opsPerSec).toBeGreaterThan(0);
    itemsPerSecond[d.runtime.id] = Math.round(opsPerSec!);
  }
  console.log(`ringbuf.js items/s: ${JSON.stringify(itemsPerSecond)}`);
}, 180_000);

it("fails, exit 1, when the producer breaks the order (the guide's 'things to try')", () => {
  const reversed = 'out[i] = next + n - 1 - i;';
  expect(section).toContain(`(\`${reversed.slice(0, -1)}\`)`);
  const broken = plugin.replace('out[i] = next + i;', reversed);
  expect(broken).not.toBe(plugin);
  writeFileSync(join(dir, 'broken.ts'), broken);
  const result = run('racelab run broken on node', process.execPath, [cli, 'run', '--plugin', './broken.ts', '--trials', '3', '--json', 'broken.json']);
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(1);
  const [document] = resultDocument.array().parse(JSON.parse(readFileSync(join(dir, 'broken.json'), 'utf8')));
  expect(document!.experiments.map((e) => [e.verdict, e.histogram])).toEqual([['fail', [{ outcome: 100_000, count: 3, class: 'forbidden' }]]]);
}, 120_000);
