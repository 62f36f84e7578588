import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS entry (it has no "exports"); Vite would pick index.mjs through
  // "module", and Yoga would then not recognise this code's GraphQLErrors as its own.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Only a guard against a hang: tests wait for the states they measure, never for a budget.
    // Beside two CPU-bound processes, on a machine shared with other suites, a test that starts
    // a two-worker cluster took over 30 s; each wait inside stops sooner (test/support/patience.ts).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Which PostgreSQL, Redis and browser the suites use is decided once, then summed up at the end.
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/services-reporter.ts'],
  },
});
