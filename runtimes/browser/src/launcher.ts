/**
 * The Node side of the browser runtime: launchers for Chromium and Firefox
 * that the harness drives like any other runtime. One session = a temp root
 * (page bundles, bundled plugins, session.json) served on 127.0.0.1, one
 * browser with a fresh profile driven by puppeteer-core (CDP for Chromium,
 * WebDriver BiDi for Firefox), and one page whose bindings carry event lines.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostEnd, HostSession, Plan, RuntimeLauncher, Tier } from '@racelab/core';
import { eventLine } from '@racelab/core/host';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type BrowserKind, chromium, firefox } from './browsers.js';
import { LineQueue } from './line-queue.js';
import { preparePage } from './page-bundle.js';
import { startReaper } from './reaper.js';
import { bundlePlugins } from './plugins.js';
import { type StaticServer, startStaticServer } from './server.js';
import type { PageBindings, PageSession } from './session.js';

/** Time `browser.close()` gets before the process is killed. */
const CLOSE_TIMEOUT_MS = 5_000;
/** Keep only the end of the browser's errors: enough to explain a failure, bounded in memory. */
const STDERR_TAIL = 8192;

/** Runs racelab in headless Chromium (`RACELAB_CHROMIUM` overrides /usr/bin/chromium). */
export const chromiumLauncher: RuntimeLauncher = createBrowserLauncher(chromium);
/** Runs racelab in headless Firefox (`RACELAB_FIREFOX` overrides /usr/bin/firefox-esr). */
export const firefoxLauncher: RuntimeLauncher = createBrowserLauncher(firefox);

function createBrowserLauncher(kind: BrowserKind): RuntimeLauncher {
  const executable = () => process.env[kind.env] || kind.defaultPath;
  return {
    id: kind.id,
    async detect() {
      const path = executable();
      try {
        await access(path, constants.X_OK);
        return { available: true };
      } catch {
        return { available: false, reason: `${kind.id} was not found at ${path} (set ${kind.env} to use another)`, install: kind.install };
      }
    },
    tiers: kind.tiers,
    start: (plan, tier) => startSession(kind, executable(), plan, tier),
  };
}

/** Cleanup steps run in reverse order of setup; their errors are collected, not thrown. */
class Cleanup {
  readonly #steps: (() => Promise<unknown>)[] = [];
  add(step: () => Promise<unknown>): void {
    this.#steps.push(step);
  }
  async run(): Promise<string[]> {
    const errors: string[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      await step().catch((error: unknown) => errors.push(String(error)));
    }
    return errors;
  }
}

async function startSession(kind: BrowserKind, executablePath: string, plan: Plan, tier: Tier | undefined): Promise<HostSession> {
  const cleanup = new Cleanup();
  try {
    return await openSession(kind, executablePath, plan, tier, cleanup);
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

async function openSession(kind: BrowserKind, executablePath: string, plan: Plan, tier: Tier | undefined, cleanup: Cleanup): Promise<HostSession> {
  const root = await mkdtemp(join(tmpdir(), `racelab-${kind.id}-root-`));
  cleanup.add(() => rm(root, { recursive: true, force: true }));
  const profile = await mkdtemp(join(tmpdir(), `racelab-${kind.id}-profile-`));
  // Retried: the browser may still be writing to its profile as it exits.
  cleanup.add(() => rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));

  const bundle = await preparePage(root);
  const server: StaticServer = await startStaticServer(root);
  cleanup.add(() => server.close());
  const servedPlan = await bundlePlugins(plan, root, server.url);

  const browser = await puppeteer.launch({
    ...kind.launchOptions(executablePath, profile, tier),
    // Not on SIGINT and SIGTERM: Puppeteer's handlers would kill the browser
    // and exit at once, before the harness could save and report what
    // finished; the harness stops this session itself (see its run.ts).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: true,
  });
  const pid = browser.process()?.pid;
  if (pid !== undefined && process.platform !== 'win32') {
    const stopReaper = startReaper(pid);
    cleanup.add(stopReaper);
  }
  cleanup.add(() => closeBrowser(browser));
  const session: PageSession = { plan: JSON.stringify(servedPlan), runtime: await kind.runtimeInfo(browser) };
  await writeFile(join(root, 'session.json'), JSON.stringify(session));

  const page = await browser.newPage();
  const notices =
    bundle === 'rebundled' ? ['the page bundle was older than @racelab/core: bundled afresh for this session'] : [];
  return drivePage(kind, browser, page, server, cleanup, notices);
}

async function drivePage(
  kind: BrowserKind,
  browser: Browser,
  page: Page,
  server: StaticServer,
  cleanup: Cleanup,
  notices: readonly string[],
): Promise<HostSession> {
  const lines = new LineQueue();
  let stderr = '';
  const note = (text: string) => {
    stderr = `${stderr}${text}\n`.slice(-STDERR_TAIL);
  };
  const log = (level: 'info' | 'warn' | 'error', message: string) => {
    if (level !== 'info') note(message);
    lines.inject(eventLine({ type: 'log', level, message }));
  };
  for (const notice of notices) log('info', notice);

  let resolveEnded!: (end: HostEnd) => void;
  const ended = new Promise<HostEnd>((resolve) => {
    resolveEnded = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = (end: Omit<HostEnd, 'stderr'>): Promise<void> => {
    stopping ??= (async () => {
      lines.end();
      for (const error of await cleanup.run()) note(`cleanup: ${error}`);
      resolveEnded({ ...end, stderr: stderr.trim() });
    })();
    return stopping;
  };
  // The page, the browser or the connection died: end the lines so the harness
  // reports the experiments that did not finish as errors.
  const fail = (reason: string) => {
    if (stopping) return;
    note(reason);
    void stop({ code: null, signal: null });
  };

  let exit: { lines: number; code: number } | undefined;
  const finishIfComplete = () => {
    if (exit && lines.delivered >= exit.lines) void stop({ code: exit.code, signal: null });
  };
  const bindings: PageBindings = {
    async racelabEmit(seq, line) {
      lines.push(seq, line);
      finishIfComplete();
    },
    async racelabExit(count, code) {
      exit = { lines: count, code };
      finishIfComplete();
    },
  };
  await page.exposeFunction('racelabEmit', bindings.racelabEmit);
  await page.exposeFunction('racelabExit', bindings.racelabExit);

  page.on('console', (message) => {
    if (message.type() === 'error') log('error', `console: ${message.text()}`);
  });
  page.on('pageerror', (error) => log('error', `uncaught in the page: ${error instanceof Error ? error.message : String(error)}`));
  page.on('error', (error) => fail(`the ${kind.id} page crashed: ${error.message}`));
  page.on('close', () => fail(`the ${kind.id} page was closed`));
  browser.on('disconnected', () => fail(`the ${kind.id} browser disconnected (it exited or crashed)`));

  try {
    await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
  } catch (error) {
    await stop({ code: null, signal: null });
    throw new Error(`Cannot open the racelab page in ${kind.id}: ${(error as Error).message}`);
  }
  return {
    lines,
    ended,
    pid: browser.process()?.pid,
    // Stopped from outside (watchdog, interrupt): no exit code, as for a killed process.
    stop: () => stop({ code: exit?.code ?? null, signal: null }),
  };
}

/** Closes the browser, or kills its process if it does not close in time. */
async function closeBrowser(browser: Browser): Promise<void> {
  const process = browser.process();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
  });
  const closed = await Promise.race([browser.close().then(() => 'closed' as const, () => 'failed' as const), timeout]);
  clearTimeout(timer);
  if (closed !== 'closed' && process && process.exitCode === null && process.signalCode === null) {
    process.kill('SIGKILL');
  }
}
