// Bundles the in-page code (host + worker entries, core included) for the
// browser into dist/page, next to the page that loads it.
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

const out = new URL('../dist/page/', import.meta.url);
await mkdir(out, { recursive: true });
await build({
  entryPoints: { host: 'src/page/host.ts', worker: 'src/page/worker.ts' },
  outdir: 'dist/page',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Top-level await in the host entry; every supported browser has it.
  target: 'es2022',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await copyFile(new URL('../src/page/index.html', import.meta.url), new URL('index.html', out));
