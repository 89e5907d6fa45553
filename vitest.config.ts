import { defineConfig } from 'vitest/config';

// Three tiers: pure unit tests, integration tests on real SQLite files with the real migrations,
// and end-to-end tests that drive the built UI in Chromium through web mode.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          // The UI answers in milliseconds, but the first import starts a worker: be patient.
          expect: { poll: { timeout: 30_000 } },
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
