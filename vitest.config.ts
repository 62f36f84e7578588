import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real databases, real argon2 and child processes: generous, but a hang still fails.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
