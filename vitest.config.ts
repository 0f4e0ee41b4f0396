// Two projects: `unit` (pure modules, fixture vaults, the CLI as a function) and `e2e`
// (the real viewer in headless Chromium via playwright-core; files run one at a time).
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Temporary files and the build cache of CLI runs go to one throw-away folder per run, never the
// user's cache; test/global-setup.ts removes it at the end.
const tmp = path.join(os.tmpdir(), `vaultgraph-tests-${process.pid}`);
process.env.VAULTGRAPH_TEST_TMP = tmp;
const env = { TMPDIR: tmp, XDG_CACHE_HOME: path.join(tmp, 'cache') };

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          env,
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
          // Generous: some tests start worker threads or git; a shared 2-core machine can be slow.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          env,
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
