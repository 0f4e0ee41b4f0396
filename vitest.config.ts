// Two projects: `unit` (pure modules, fixture vaults, the CLI as a function) and `e2e`
// (the real viewer in headless Chromium via playwright-core; files run one at a time).
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The build cache of CLI runs in tests goes to a throw-away folder, never the user's.
const env = { XDG_CACHE_HOME: path.join(os.tmpdir(), 'vaultgraph-test-cache') };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          env,
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
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
