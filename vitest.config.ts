import { defineConfig } from 'vitest/config';

// One config, three projects: `vitest run --project unit` (or `vitest run test/unit`) runs
// pure logic without building out/; integration and e2e build it first (globalSetup).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/globalSetup.ts'],
        },
      },
      {
        // The UI end to end: in Chromium through `lifeline serve`, and the desktop shell.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/electron/**/*.test.ts'],
          globalSetup: ['test/helpers/globalSetup.ts'],
        },
      },
    ],
  },
});
