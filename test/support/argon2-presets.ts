import type { Argon2Settings } from '../../src/config/runtime.ts';

/** Real argon2id at the lowest cost, so suites hash in about a millisecond. */
export const fastArgon2: Argon2Settings = { memoryCost: 1024, timeCost: 2, parallelism: 1, maxConcurrent: 2 };

/** The shipped defaults (64 MiB, t=3, p=4), for the tests that need a hash to take as long as in production. */
export const productionArgon2: Argon2Settings = { memoryCost: 65536, timeCost: 3, parallelism: 4, maxConcurrent: 2 };

/** A preset as the server's environment variables. */
export const argon2Environment = (settings: Argon2Settings) => ({
  ARGON2_MEMORY_KIB: String(settings.memoryCost),
  ARGON2_TIME_COST: String(settings.timeCost),
  ARGON2_PARALLELISM: String(settings.parallelism),
});
