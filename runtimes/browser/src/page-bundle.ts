/**
 * The in-page code (host and worker entries, core included) bundled for the
 * browser with esbuild. The build bundles it once into dist/page; a session
 * copies that, unless core or the page sources changed since (core rebuilt
 * alone with `tsc -b`): then it bundles afresh into its own root, so a browser
 * never runs an older engine than the Node hosts. An installed racelab has no
 * page sources: its built bundle is always used.
 */
import { copyFile, cp, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SOURCES = fileURLToPath(new URL('../src/page/', import.meta.url));
const BUILT = fileURLToPath(new URL('./page/', import.meta.url));

/** Bundles the page into `outdir`: index.html, host.js, worker.js, script-worker.js (+ source maps). */
export async function bundlePage(outdir: string): Promise<void> {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { host: join(SOURCES, 'host.ts'), worker: join(SOURCES, 'worker.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Top-level await in the host entry; every supported browser has it.
    target: 'es2022',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // A classic worker for test262's scripts: only a classic worker has
  // importScripts, which runs a script as a script (see script-worker.ts).
  await build({
    entryPoints: { 'script-worker': join(SOURCES, 'script-worker.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await copyFile(join(SOURCES, 'index.html'), join(outdir, 'index.html'));
}

/** Puts the page into `root`; says whether the built bundle was current or had to be redone. */
export async function preparePage(root: string): Promise<'built' | 'rebundled'> {
  if (await isBuiltBundleCurrent()) {
    await cp(BUILT, root, { recursive: true });
    return 'built';
  }
  await bundlePage(root);
  return 'rebundled';
}

async function isBuiltBundleCurrent(): Promise<boolean> {
  const bundled = await stat(join(BUILT, 'host.js')).catch(() => undefined);
  if (!bundled) return false;
  // Installed from a tarball (pnpm pack:cli) there are no sources to rebundle
  // from: the bundle was built from the very core that ships beside it.
  if (!(await stat(SOURCES).catch(() => undefined))) return true;
  const coreDist = dirname(fileURLToPath(import.meta.resolve('@racelab/core')));
  for (const [dir, ext] of [[coreDist, '.js'], [SOURCES, '']] as const) {
    for (const file of await readdir(dir, { recursive: true })) {
      if (!file.endsWith(ext)) continue;
      if ((await stat(join(dir, file))).mtimeMs > bundled.mtimeMs) return false;
    }
  }
  return true;
}
