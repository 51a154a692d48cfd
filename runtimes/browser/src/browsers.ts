/**
 * What differs between the browsers racelab drives: where the binary is, how
 * to install it, how puppeteer-core launches it (CDP over pipes for Chromium,
 * WebDriver BiDi for Firefox), and how to name its version and engine.
 */
import type { RuntimeInfo } from '@racelab/core';
import type { Browser, LaunchOptions } from 'puppeteer-core';

/** How one browser differs from the other. */
export interface BrowserKind {
  readonly id: 'chromium' | 'firefox';
  readonly env: string;
  readonly defaultPath: string;
  readonly install: string;
  launchOptions(executablePath: string, profile: string): LaunchOptions;
  runtimeInfo(browser: Browser): Promise<RuntimeInfo>;
}

export const chromium: BrowserKind = {
  id: 'chromium',
  env: 'RACELAB_CHROMIUM',
  defaultPath: '/usr/bin/chromium',
  install: 'apt-get install -y chromium',
  launchOptions: (executablePath, profile) => ({
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
  launchOptions: (executablePath, profile) => ({
    browser: 'firefox',
    executablePath,
    headless: true,
    // A fresh, empty profile: puppeteer writes its automation prefs into it.
    userDataDir: profile,
  }),
  async runtimeInfo(browser) {
    // e.g. "firefox/153.7.0esr"; SpiderMonkey is versioned with Firefox itself.
    const version = (await browser.version()).replace(/^[^/]*\//, '');
    return { id: 'firefox', version, engine: `SpiderMonkey ${version}` };
  },
};
