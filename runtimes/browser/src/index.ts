/** racelab in real browsers: the launchers the harness drives, and the static server they use. */
export { chromiumLauncher, firefoxLauncher } from './launcher.js';
export { ISOLATION_HEADERS, type StaticServer, resolveFile, startStaticServer } from './server.js';
export { bundlePlugins } from './plugins.js';
export { type BrowserKind, chromium as chromiumBrowser, firefox as firefoxBrowser } from './browsers.js';
export { bundlePage, preparePage } from './page-bundle.js';
