import { defineConfig } from 'vitest/config';

/**
 * The process start-up test checks the "ready within 15 s" promise of `npm start` on a machine
 * doing nothing else; run alongside two other suites on two cores it measured the contention
 * instead. It runs in its own group, after every other file.
 */
const STARTUP = 'tests/foundation/process.lifecycle.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    // Suites boot real servers and stores; two cores run two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // .ci/run asks for a JSON report to print its closing "N passed, N failed" line.
    reporters: process.env.VITEST_JSON_REPORT
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]]
      : ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'suites', include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'], exclude: [STARTUP], sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'startup', include: [STARTUP], sequence: { groupOrder: 1 } } },
    ],
  },
});
