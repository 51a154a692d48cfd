// Writes the declarations of the deno binary this package depends on (what
// `deno types` prints: the Deno namespace and the Web APIs as Deno has them)
// to types/deno.d.ts, which tsconfig.runtime.json type-checks the runtime side
// against. Generated at build so it always matches the installed binary; the
// file is rewritten only when it changes, so `tsc -b` stays incremental.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(createRequire(import.meta.url).resolve('deno/package.json'));
const deno = join(packageDir, process.platform === 'win32' ? 'deno.exe' : 'deno');
const types = execFileSync(deno, ['types'], {
  encoding: 'utf8',
  env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  maxBuffer: 64 * 1024 * 1024,
});

const out = fileURLToPath(new URL('../types/deno.d.ts', import.meta.url));
let current;
try {
  current = readFileSync(out, 'utf8');
} catch {
  current = undefined;
}
if (current !== types) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, types);
}
