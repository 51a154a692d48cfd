/**
 * Keeps docs/writing-experiments.md true: every code block in it that starts
 * with a file name comment (`// ring-buffer.ts`) is written to a folder under
 * os.tmpdir(), and the examples run as plugins on every runtime.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultDocument } from '@racelab/core/schema';
import { expect, it } from 'vitest';
import { racelabCli } from '../../../test-support/racelab-cli.js';

const cli = racelabCli();
const guide = readFileSync(new URL('../../../docs/writing-experiments.md', import.meta.url), 'utf8');

/** File name → source of every ```ts block whose first line is `// <name>.ts`. */
function filesOf(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, body] of markdown.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = /^\/\/ ([\w.-]+\.ts)\n/.exec(body!)?.[1];
    if (name) files.set(name, body!);
  }
  return files;
}

it('runs every example file of the guide as a plugin on all five runtimes', () => {
  const files = filesOf(guide);
  expect([...files.keys()].sort()).toEqual(['mp.ts', 'racelab.config.ts', 'ring-buffer.ts', 'two-inside.ts']);
  const dir = mkdtempSync(join(tmpdir(), 'racelab-guide-'));
  for (const [name, source] of files) writeFileSync(join(dir, name), source);

  // The config names ring-buffer.ts and mp.ts; the command line narrows it to a quick run.
  const json = join(dir, 'results.json');
  const run = spawnSync(
    process.execPath,
    [cli, 'run', '--plugin', 'two-inside.ts', '--trials', '5', '--param', 'items=2000', '--param', 'stride=64', '--param', 'rounds=100', '--json', json, '--out', join(dir, 'out')],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  expect(run.stderr).not.toMatch(/racelab:/);
  expect(run.status).toBe(0);
  const documents = resultDocument.array().parse(JSON.parse(readFileSync(json, 'utf8')));
  expect(documents.map((d) => d.runtime.id)).toEqual(['node', 'deno', 'bun', 'chromium', 'firefox']);
  for (const d of documents) {
    expect(d.experiments.map((e) => [e.id, e.verdict])).toEqual([
      ['mine/ring-buffer', 'pass'],
      ['mine/mp-plain', 'pass'],
      ['mine/semaphore-two-inside', 'pass'],
    ]);
  }
});
