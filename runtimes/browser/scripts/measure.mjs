// Measures the browser runtime's fixed costs on this machine (run after a build):
//   node runtimes/browser/scripts/measure.mjs [chromium|firefox ...]
// - host start-up: launcher.start() until the hello event (bundling, server,
//   browser launch, page load, capability probe), median of 5 sessions;
// - worker start-up: `new Worker(worker.js, { type: 'module' })` in the page until
//   its first reply (to a `run` message naming an experiment that does not
//   exist, so the reply comes right after the plugin module is imported),
//   median of 20, plus a bare module worker that posts at once, for reference.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import {
  bundlePlugins,
  chromiumBrowser,
  chromiumLauncher,
  firefoxBrowser,
  firefoxLauncher,
  preparePage,
  startStaticServer,
} from '../dist/index.js';

const lesson = new URL('../../../packages/experiments-lesson/dist/index.js', import.meta.url).href;
const plan = {
  v: 1,
  experiments: [{ module: lesson, id: 'lesson/one-thread', params: {}, trials: 1, timeBudgetMs: null, warmup: 0, timeoutMs: 10_000 }],
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function hostStartup(launcher) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const session = await launcher.start(plan);
    for await (const line of session.lines) {
      if (JSON.parse(line).type === 'hello' && times.length === i) times.push(performance.now() - t0);
    }
    await session.ended;
  }
  return times;
}

async function workerStartup(id) {
  const root = await mkdtemp(join(tmpdir(), 'racelab-measure-'));
  const profile = await mkdtemp(join(tmpdir(), 'racelab-measure-profile-'));
  await preparePage(root);
  await writeFile(join(root, 'blank.html'), '<!doctype html><link rel="icon" href="data:,">');
  await writeFile(join(root, 'bare.js'), 'postMessage(0);');
  const server = await startStaticServer(root);
  const served = await bundlePlugins(plan, root, server.url);
  // The same launch options as a racelab session.
  const kind = id === 'chromium' ? chromiumBrowser : firefoxBrowser;
  const browser = await puppeteer.launch(kind.launchOptions(process.env[kind.env] || kind.defaultPath, profile));
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/blank.html`);
    return await page.evaluate(async (moduleUrl) => {
      const once = async (url, message) => {
        const t0 = performance.now();
        const worker = new Worker(url, { type: 'module' });
        const replied = new Promise((resolve) => (worker.onmessage = resolve));
        if (message) worker.postMessage(message);
        await replied;
        const t = performance.now() - t0;
        worker.terminate();
        return t;
      };
      const run = {
        type: 'run', moduleUrl, experimentId: 'measure/none', actor: 0, actors: 1, params: {},
        memory: new SharedArrayBuffer(8), control: new SharedArrayBuffer(64), schedule: {},
      };
      const racelab = [];
      const bare = [];
      for (let i = 0; i < 20; i++) racelab.push(await once('./worker.js', run));
      for (let i = 0; i < 20; i++) bare.push(await once('./bare.js'));
      return { racelab, bare, isolated: crossOriginIsolated };
    }, served.experiments[0].module);
  } finally {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

const wanted = process.argv.slice(2);
for (const launcher of [chromiumLauncher, firefoxLauncher]) {
  if (wanted.length > 0 && !wanted.includes(launcher.id)) continue;
  const host = await hostStartup(launcher);
  const workers = await workerStartup(launcher.id);
  console.log(
    `${launcher.id}: host start-up (start → hello) median ${fmt(median(host))} of [${host.map((t) => t.toFixed(0)).join(', ')}]; ` +
      `racelab worker start-up median ${fmt(median(workers.racelab))} (min ${fmt(Math.min(...workers.racelab))}, max ${fmt(Math.max(...workers.racelab))}); ` +
      `bare module worker median ${fmt(median(workers.bare))}; isolated ${workers.isolated}`,
  );
}
