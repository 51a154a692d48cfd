import { defineConfig } from 'vitest/config';

// One vitest run over the whole workspace, so CI gets one total. Tests that
// start workers or hosts import built code (`test` builds first).
export default defineConfig({
  test: {
    include: ['{packages,runtimes,apps}/*/{src,test}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores. Test files run one at a time: two files that each start two
    // busy workers would put four threads on two cores, and a race needs its
    // actors running at the same time to happen at all (seen: the racy counter
    // lost no update in 20 trials while another file ran beside it).
    fileParallelism: false,
  },
});
