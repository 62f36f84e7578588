import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS entry (it has no "exports"); Vite would pick index.mjs through
  // "module", and Yoga would then not recognise this code's GraphQLErrors as its own.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Real databases, real argon2 and child processes: generous, but a hang still fails.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Which PostgreSQL, Redis and browser the suites use is decided once, then summed up at the end.
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/services-reporter.ts'],
  },
});
