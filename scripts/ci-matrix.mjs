#!/usr/bin/env node
// The CI matrix, runtime × version × machine, from .github/racelab-matrix.json
// (the argument): each version range resolved once against the npm registry
// to the newest version that every machine with a build of it has, so that
// columns of one version on two machines compare the same binary; a machine
// without a build is left out. Prints the job outputs (`linux`, `macos`,
// `has-macos`) for $GITHUB_OUTPUT on stdout and the plan in words on stderr.
// Needs the built packages/runtime-versions.
import { readFileSync } from 'node:fs';
import { fetchPackage, OLDEST_SUPPORTED, runtimePackage, versionsMatching } from '../packages/runtime-versions/dist/index.js';

const config = JSON.parse(readFileSync(process.argv[2] ?? '.github/racelab-matrix.json', 'utf8'));
const machines = Object.entries(config.machines).map(([name, m]) => ({
  name,
  ...m,
  platform: { os: m.os, arch: m.arch, ...(m.os === 'linux' && { libc: 'glibc' }), ...(m.arch === 'x64' && { avx2: true }) },
}));

const published = new Map();
async function versionsOf(name) {
  if (!published.has(name)) published.set(name, await fetchPackage(name));
  return published.get(name);
}

const compare = (a, b) => {
  const [pa, pb] = [a, b].map((v) => v.split(/[.-]/).map(Number));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
};

const entries = [];
for (const [runtime, specs] of Object.entries(config.versions)) {
  for (const spec of specs) {
    const matching = new Map();
    for (const machine of machines) {
      const pkg = runtimePackage(runtime, machine.platform);
      if (!('name' in pkg)) continue;
      const { versions, distTags } = await versionsOf(pkg.name);
      const found = versionsMatching(versions.keys(), spec, distTags).filter((v) => compare(v, OLDEST_SUPPORTED[runtime].version) >= 0);
      if (found.length > 0) matching.set(machine, found);
    }
    if (matching.size === 0) throw new Error(`No machine has a build of ${runtime}@${spec}: fix .github/racelab-matrix.json`);
    const common = [...matching.values()].reduce((a, b) => a.filter((v) => b.includes(v)));
    for (const [machine, found] of matching) {
      const version = common[0] ?? found[0];
      entries.push({ runtime: `${runtime}@${version}`, key: `${runtime}-${version}`, machine: machine.name, 'runs-on': machine['runs-on'], os: machine.os });
    }
    const left = machines.filter((m) => !matching.has(m)).map((m) => m.name);
    console.error(`${runtime}@${spec}: ${[...matching.keys()].map((m) => `${m.name} ${common[0] ?? matching.get(m)[0]}`).join(', ')}${left.length ? `; no build for ${left.join(', ')}` : ''}`);
  }
}
for (const browser of config.browsers) {
  for (const machine of machines.filter((m) => m.browsers)) {
    entries.push({ runtime: browser, key: browser, machine: machine.name, 'runs-on': machine['runs-on'], os: machine.os });
  }
  console.error(`${browser}: as installed, on ${machines.filter((m) => m.browsers).map((m) => m.name).join(', ')}`);
}

const strip = ({ os, ...entry }) => entry;
const linux = entries.filter((e) => e.os === 'linux').map(strip);
const macos = entries.filter((e) => e.os === 'darwin').map(strip);
console.log(`linux=${JSON.stringify({ include: linux })}`);
console.log(`macos=${JSON.stringify({ include: macos })}`);
console.log(`has-macos=${macos.length > 0}`);
