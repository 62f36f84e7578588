import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type Problem, positiveInt } from './values/variables.ts';

export const runtimeVariables = z
  .object({
    WEB_CONCURRENCY: z
      .string()
      .regex(/^(auto|[1-9]\d*)$/, 'Must be a positive whole number, or auto (one worker per core)')
      .transform((workers) => (workers === 'auto' ? availableParallelism() : Number(workers)))
      .default(1)
      .meta({
        description:
          'Worker processes serving `PORT` together with `node:cluster` (`auto`: one per core; docs/operations.md, "Several cores"). `1`: one process, no cluster.',
      }),
    ARGON2_MEMORY_KIB: positiveInt.min(1024).default(65536).meta({ description: 'argon2id memory per hash, in KiB (at least 1024).' }),
    ARGON2_TIME_COST: positiveInt.min(2).default(3).meta({ description: 'argon2id passes (at least 2).' }),
    ARGON2_PARALLELISM: positiveInt.max(64).default(4).meta({ description: 'argon2id lanes (at most 64).' }),
    // Checked against the machine by src/runtime/hash-budget.ts, in main.ts.
    HASH_CONCURRENCY: positiveInt.optional().meta({
      description:
        'Hashes running at once on the machine; the rest queue. With several workers each runs an equal share, at least 1, and at most `UV_THREADPOOL_SIZE` (4 by default) per worker. Two on 2 cores: 7% more sign-ins a second, 64 MiB more at the peak.',
      defaultText:
        'cores ÷ `ARGON2_PARALLELISM` ÷ workers, rounded down, at least 1 and at most `UV_THREADPOOL_SIZE` − 1, per worker (1 on 2 cores with one worker)',
      example: '2',
    }),
    SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000).meta({
      description: 'How long `SIGTERM` may drain in-flight requests before the exit is forced (exit code 1).',
    }),
  })
  .meta({
    title: 'Cores and memory',
    description: "How the machine's cores and memory are shared: processes, password hashes, and how a process ends.",
  });

type RuntimeVariables = z.output<typeof runtimeVariables>;

export function runtimeSettings(env: RuntimeVariables) {
  return {
    /** Processes serving the one port (`WEB_CONCURRENCY`); 1: no cluster, this process serves. */
    workers: env.WEB_CONCURRENCY,
    argon2: {
      /** KiB per hash. */
      memoryCost: env.ARGON2_MEMORY_KIB,
      timeCost: env.ARGON2_TIME_COST,
      parallelism: env.ARGON2_PARALLELISM,
    },
    /** Hashes at once on the machine (`HASH_CONCURRENCY`); unset: as many as fill the cores (src/runtime/hash-budget.ts). */
    hashConcurrency: env.HASH_CONCURRENCY,
    /** How long a graceful shutdown may take before the process is ended anyway. */
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

/** The argon2 cost, and how many hashes this process runs at once (its share of the machine's). */
export type Argon2Settings = ReturnType<typeof runtimeSettings>['argon2'] & { maxConcurrent: number };

export function runtimeProblems(env: RuntimeVariables & { DATABASE_URL: string }): Problem[] {
  if (env.WEB_CONCURRENCY > 1 && env.DATABASE_URL === 'sqlite::memory:') {
    return [['WEB_CONCURRENCY', 'must be 1 with DATABASE_URL=sqlite::memory:, or each worker would have a database of its own']];
  }
  return [];
}
