// Bundles the in-page code for the browser into dist/page (after tsc built
// dist/page-bundle.js, which sessions also use when core changed since).
import { bundlePage } from '../dist/page-bundle.js';

await bundlePage(new URL('../dist/page/', import.meta.url).pathname);
