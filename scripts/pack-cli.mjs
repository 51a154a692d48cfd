#!/usr/bin/env zx
// `pnpm pack:cli`: builds and writes racelab-<version>.tgz into the repo root,
// a tarball that `npm install -g ./racelab-<version>.tgz` installs anywhere
// with only Node and npm. `pnpm pack:core` (this script with --core) writes
// racelab-core-<version>.tgz, @racelab/core as an ordinary library.
//
// The @racelab/* packages are not published, so the CLI tarball carries them
// (bundleDependencies) in node_modules/@racelab/, and lists every third-party
// package they need in its own dependencies: npm installs those next to the
// bundled packages, where Node resolves them by walking up. deno, bun and
// esbuild bring their binaries in their own install scripts, as usual.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, argv } from 'zx';

const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
process.env.TURBO_TELEMETRY_DISABLED = '1';

// Every workspace package by name: its folder and its package.json.
const workspace = new Map();
for (const group of ['apps', 'packages', 'runtimes']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    if (existsSync(join(dir, 'package.json'))) workspace.set(readJson(join(dir, 'package.json')).name, { dir, pkg: readJson(join(dir, 'package.json')) });
  }
}

/**
 * What a package's package.json becomes once packed: exact versions for
 * workspace:*, nothing that needs the repo. `bundled`: a package inside the
 * CLI tarball keeps only its @racelab dependencies, because npm treats every
 * dependency of a bundled package as part of the bundle and would not install
 * it (seen: bun's postinstall ran on a bun that was never extracted); the CLI
 * lists them instead.
 */
function publishedManifest({ pkg }, { bundled = false } = {}) {
  const { devDependencies, scripts, private: _private, ...rest } = pkg;
  const dependencies = Object.fromEntries(
    Object.entries(pkg.dependencies ?? {})
      .filter(([, spec]) => !bundled || spec.startsWith('workspace:'))
      .map(([name, spec]) => [name, spec.startsWith('workspace:') ? workspace.get(name).pkg.version : spec]),
  );
  return { ...rest, dependencies };
}

/** Copies what npm would pack of a workspace package (its "files", README, package.json) into `to`. */
function stage(entry, to, manifest = publishedManifest(entry)) {
  mkdirSync(to, { recursive: true });
  for (const file of [...(entry.pkg.files ?? ['dist']), 'README.md']) {
    if (existsSync(join(entry.dir, file))) cpSync(join(entry.dir, file), join(to, file), { recursive: true });
  }
  writeFileSync(join(to, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `npm pack`s `dir` into the repo root and says what it wrote. */
async function pack(dir) {
  const [info] = JSON.parse((await $({ cwd: dir, quiet: true })`npm pack --json --pack-destination ${root}`).stdout);
  const size = (bytes) => (bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
  console.log(`wrote ${info.filename}: ${size(info.size)} (${size(info.unpackedSize)} unpacked, ${info.entryCount} files)`);
}

// The CLI needs every package it bundles built; the library only core.
const filter = argv.core ? ['--filter=@racelab/core'] : ['--filter=racelab...'];
console.log(`building (turbo run build ${filter})`);
await $({ cwd: root, stdio: 'inherit' })`turbo run build --output-logs=errors-only ${filter}`;

const staging = mkdtempSync(join(tmpdir(), 'racelab-pack-'));
try {
  if (argv.core) {
    console.log('staging @racelab/core');
    stage(workspace.get('@racelab/core'), staging);
  } else {
    // The workspace packages the CLI needs at run time, and the third-party packages they need.
    const harness = workspace.get('racelab');
    const bundled = [];
    const thirdParty = {};
    const visit = (entry) => {
      for (const [name, spec] of Object.entries(entry.pkg.dependencies ?? {})) {
        if (!spec.startsWith('workspace:')) {
          // The version this repo's lockfile installed and tested (pnpm links
          // every direct dependency into the package's own node_modules).
          const { version } = readJson(join(entry.dir, 'node_modules', name, 'package.json'));
          if ((thirdParty[name] ??= version) !== version) throw new Error(`${name}: two versions (${thirdParty[name]}, ${version}) cannot share one node_modules`);
        } else if (!bundled.includes(name)) {
          bundled.push(name);
          visit(workspace.get(name));
        }
      }
    };
    visit(harness);
    console.log(`staging racelab and ${bundled.length} bundled packages: ${bundled.join(', ')}`);
    for (const name of bundled) stage(workspace.get(name), join(staging, 'node_modules', name), publishedManifest(workspace.get(name), { bundled: true }));
    // The harness at the top: its dist, the repository's README, the guide
    // `racelab new` points to (dist/commands/new.js → ../../docs/), and a
    // package.json that depends on everything above.
    const { devDependencies, scripts, dependencies, ...rest } = harness.pkg;
    stage({ ...harness, pkg: { ...harness.pkg, files: ['dist'] } }, staging, {
      ...rest,
      engines: readJson(join(root, 'package.json')).engines,
      files: ['dist', 'docs'],
      dependencies: { ...Object.fromEntries(bundled.map((name) => [name, workspace.get(name).pkg.version])), ...thirdParty },
      bundleDependencies: bundled,
    });
    cpSync(join(root, 'README.md'), join(staging, 'README.md'));
    cpSync(join(root, 'docs/writing-experiments.md'), join(staging, 'docs/writing-experiments.md'));
    console.log(`third-party dependencies, installed by npm: ${Object.entries(thirdParty).map(([n, v]) => `${n}@${v}`).join(', ')}`);
  }
  await pack(staging);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
