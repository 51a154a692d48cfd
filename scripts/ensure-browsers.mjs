// Makes sure Debian's Chromium and Firefox ESR are installed, so that every
// runtime can run. Installs them with apt-get when running as root (CI, a
// fresh machine); otherwise says how, and the browser runtimes report
// themselves as skipped. Never downloads a browser from anywhere else.
import { $, which } from 'zx';

const BROWSERS = [
  { binary: process.env.RACELAB_CHROMIUM ?? 'chromium', apt: 'chromium' },
  { binary: process.env.RACELAB_FIREFOX ?? 'firefox-esr', apt: 'firefox-esr' },
];

export async function ensureBrowsers() {
  const missing = [];
  for (const b of BROWSERS) if (!(await which(b.binary, { nothrow: true }))) missing.push(b.apt);
  if (missing.length === 0) return true;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !(await which('apt-get', { nothrow: true }))) {
    console.error(`racelab: missing browsers: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  console.error(`racelab: installing ${missing.join(', ')} with apt-get (once per machine)…`);
  await $`apt-get update -qq`;
  await $({ env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })`apt-get install -y -qq ${missing}`;
  return true;
}
