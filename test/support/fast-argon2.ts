import type { Argon2Options } from '../../src/infrastructure/argon2-password-hasher.ts';

/** Real argon2id at the lowest cost, so suites hash in about a millisecond. */
export const fastArgon2: Argon2Options = { memoryCost: 1024, timeCost: 2, parallelism: 1, maxConcurrent: 2 };
