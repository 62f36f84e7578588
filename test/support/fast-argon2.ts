import type { Argon2Settings } from '../../src/config/runtime.ts';

/** Real argon2id at the lowest cost, so suites hash in about a millisecond. */
export const fastArgon2: Argon2Settings = { memoryCost: 1024, timeCost: 2, parallelism: 1, maxConcurrent: 2 };
