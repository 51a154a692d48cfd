/**
 * Experiment plugins are built ESM that imports `@racelab/core` by bare
 * specifier, which a browser cannot resolve: each is bundled for the browser
 * (core included) into the served root, and the plan is rewritten to load the
 * served copies.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '@racelab/core';
import { build } from 'esbuild';

/** Folder of the served root that holds the bundled plugins. */
export const PLUGIN_DIR = 'plugins';

/**
 * Bundles every distinct plugin module of `plan` into `root/plugins/` and
 * returns the plan with its module URLs pointing there (relative to `baseUrl`).
 * A module that cannot be bundled is replaced by one that throws why, so its
 * experiments end as errors with that reason and the others still run.
 */
export async function bundlePlugins(plan: Plan, root: string, baseUrl: string): Promise<Plan> {
  await mkdir(join(root, PLUGIN_DIR), { recursive: true });
  const served = new Map<string, string>();
  for (const entry of plan.experiments) {
    if (served.has(entry.module)) continue;
    const file = `${PLUGIN_DIR}/plugin-${served.size}.js`;
    served.set(entry.module, `${baseUrl}/${file}`);
    await bundleOne(entry.module, join(root, file));
  }
  return {
    ...plan,
    experiments: plan.experiments.map((entry) => ({ ...entry, module: served.get(entry.module)! })),
  };
}

async function bundleOne(moduleUrl: string, outfile: string): Promise<void> {
  try {
    if (!moduleUrl.startsWith('file:')) {
      throw new TypeError(`Cannot bundle plugin as its module must be a file: URL: received ${moduleUrl}`);
    }
    await build({
      entryPoints: [fileURLToPath(moduleUrl)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    });
  } catch (error) {
    const reason = `Cannot load plugin ${moduleUrl} in a browser as bundling it failed: ${(error as Error).message}`;
    await writeFile(outfile, `throw new Error(${JSON.stringify(reason)});\n`);
  }
}
