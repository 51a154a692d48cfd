import { defineConfig } from 'vitest/config';

// One vitest run over the whole workspace, so CI gets one total. Tests that
// start workers or hosts import built code (`test` builds first).
export default defineConfig({
  test: {
    include: ['{packages,runtimes,apps}/*/{src,test}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: files that start workers run two at a time at most, so
    // they do not starve each other into timeouts.
    maxWorkers: 2,
  },
});
