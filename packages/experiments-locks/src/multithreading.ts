/**
 * The npm package `multithreading` (0.3.x), the library a performance engineer
 * would otherwise reach for. On Node 20 it reads `navigator.hardwareConcurrency`
 * when imported, and Node 20 has no `navigator`: define a minimal one first,
 * then import it (hence the dynamic import and the top-level await).
 */
const scope = globalThis as { navigator?: { hardwareConcurrency?: number } };
if (scope.navigator === undefined) {
  // 2: only read to size the library's worker pool, which these benchmarks never start.
  Object.defineProperty(globalThis, 'navigator', { value: { hardwareConcurrency: 2 }, configurable: true });
}

const library = await import('multithreading');

/** Its Mutex: `new Mutex(data, lockBuffer)` locks cell 0 of the whole `lockBuffer`. */
export const MultithreadingMutex = library.Mutex;
