/** Versions of node, deno and bun from the npm registry, in racelab's cache. */
export { type CacheEntry, type CachedRuntime, cacheRoot, checkEntry, listCache, pruneCache, runtimesFolder } from './cache.js';
export { type DownloadProgress, type ProgressListener } from './download.js';
export { type InstallOptions, type InstalledRuntime, VersionUnavailable, installRuntime } from './install.js';
export { type Platform, type RuntimePackage, VERSIONED_RUNTIMES, type VersionedRuntime, currentPlatform, isVersionedRuntime, runtimePackage } from './platforms.js';
export { type PublishedPackage, type PublishedVersion, fetchPackage, pickVersion, registryUrl, versionsMatching } from './registry.js';
export { OLDEST_SUPPORTED, type OldestSupported } from './support.js';
