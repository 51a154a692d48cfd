/**
 * What differs between the browsers racelab drives: where the binary is, how
 * to install it, how puppeteer-core launches it (CDP over pipes for Chromium,
 * WebDriver BiDi for Firefox), and how to name its version and engine.
 */
import { type RuntimeInfo, type Tier, type TierSwitches, V8_TIER_FLAGS } from '@racelab/core';
import type { Browser, LaunchOptions } from 'puppeteer-core';

/**
 * SpiderMonkey's JIT prefs per tier. Measured in a worker: interpreter 103×
 * slower than the default, baseline 20×; with ion.threshold 10⁸ instead of 0
 * the same loop ran at baseline speed, so workers do read the thresholds (a
 * misspelled pref would be ignored without a word).
 */
const FIREFOX_TIER_PREFS: Readonly<Record<Tier, Readonly<Record<string, boolean | number>>>> = {
  interpreter: { 'javascript.options.blinterp': false, 'javascript.options.baselinejit': false, 'javascript.options.ion': false },
  baseline: { 'javascript.options.ion': false },
  optimizing: {
    'javascript.options.blinterp.threshold': 0,
    'javascript.options.baselinejit.threshold': 0,
    'javascript.options.ion.threshold': 0,
    'javascript.options.ion.offthread_compilation': false,
  },
};

/** How one browser differs from the other. */
export interface BrowserKind {
  readonly id: 'chromium' | 'firefox';
  readonly env: string;
  readonly defaultPath: string;
  readonly install: string;
  /** The switches for each JIT tier, as `racelab doctor` shows them. */
  readonly tiers: TierSwitches;
  launchOptions(executablePath: string, profile: string, tier?: Tier): LaunchOptions;
  runtimeInfo(browser: Browser): Promise<RuntimeInfo>;
}

export const chromium: BrowserKind = {
  id: 'chromium',
  env: 'RACELAB_CHROMIUM',
  defaultPath: '/usr/bin/chromium',
  install: 'apt-get install -y chromium',
  tiers: {
    interpreter: `chromium ${jsFlags('interpreter')} (Ignition only)`,
    baseline: `chromium ${jsFlags('baseline')} (Sparkplug at most)`,
    optimizing: `chromium ${jsFlags('optimizing')} (TurboFan from the second call)`,
  },
  launchOptions: (executablePath, profile, tier) => ({
    executablePath,
    headless: true,
    // Talk CDP over stdio pipes: no debugging port is opened at all.
    pipe: true,
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      // V8 flags reach the renderer, where dedicated workers run.
      ...(tier ? [jsFlags(tier)] : []),
    ],
  }),
  async runtimeInfo(browser) {
    const cdp = await browser.target().createCDPSession();
    try {
      const { product, jsVersion } = await cdp.send('Browser.getVersion');
      return { id: 'chromium', version: product.replace(/^[^/]*\//, ''), engine: `V8 ${jsVersion}` };
    } finally {
      await cdp.detach().catch(() => {});
    }
  },
};

export const firefox: BrowserKind = {
  id: 'firefox',
  env: 'RACELAB_FIREFOX',
  defaultPath: '/usr/bin/firefox-esr',
  install: 'apt-get install -y firefox-esr',
  tiers: {
    interpreter: `firefox prefs ${prefsText('interpreter')} (C++ interpreter only)`,
    baseline: `firefox prefs ${prefsText('baseline')} (Baseline JIT at most)`,
    optimizing: `firefox prefs ${prefsText('optimizing')} (Ion from the first call)`,
  },
  launchOptions: (executablePath, profile, tier) => ({
    browser: 'firefox',
    executablePath,
    headless: true,
    // A fresh, empty profile: puppeteer writes its automation prefs into it.
    userDataDir: profile,
    // Read when the content process starts; workers share them.
    ...(tier && { extraPrefsFirefox: FIREFOX_TIER_PREFS[tier] }),
  }),
  async runtimeInfo(browser) {
    // e.g. "firefox/153.7.0esr"; SpiderMonkey is versioned with Firefox itself.
    const version = (await browser.version()).replace(/^[^/]*\//, '');
    return { id: 'firefox', version, engine: `SpiderMonkey ${version}` };
  },
};

/** All of V8's flags for a tier in the one `--js-flags` Chromium takes (a second one would replace the first). */
function jsFlags(tier: Tier): string {
  return `--js-flags=${V8_TIER_FLAGS[tier].join(' ')}`;
}

function prefsText(tier: Tier): string {
  return Object.entries(FIREFOX_TIER_PREFS[tier]).map(([k, v]) => `${k}=${v}`).join(' ');
}
