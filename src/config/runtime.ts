import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type Problem, positiveInt } from './variables.ts';

/** `idle`: SCHED_IDLE; a number: that many nice steps below the event loop (0: the same). */
export type HashThreadPriority = 'idle' | number;

/** Where SCHED_IDLE cannot be set: the default of the nice steps. */
export const NICE_WITHOUT_IDLE = 10;

const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/** How the machine's cores and memory are shared: processes, password hashes, and how a process ends. */
export const runtimeVariables = z.object({
  WEB_CONCURRENCY: z
    .string()
    .regex(/^(auto|[1-9]\d*)$/, 'Must be a positive whole number, or auto (one worker per core)')
    .transform((workers) => (workers === 'auto' ? availableParallelism() : Number(workers)))
    .default(1),
  ARGON2_MEMORY_KIB: positiveInt.min(1024).default(65536),
  ARGON2_TIME_COST: positiveInt.min(2).default(3),
  ARGON2_PARALLELISM: positiveInt.max(64).default(4),
  // At most threadPoolSize per process: checked in runtimeProblems, where WEB_CONCURRENCY is known.
  HASH_CONCURRENCY: positiveInt.optional(),
  HASH_THREAD_NICE: z
    .string()
    .regex(/^(idle|1?\d)$/, 'Must be idle, or a whole number of nice steps from 0 to 19')
    .transform((priority): HashThreadPriority => (priority === 'idle' ? 'idle' : Number(priority)))
    .optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
});

type RuntimeVariables = z.output<typeof runtimeVariables>;

export function runtimeSettings(env: RuntimeVariables) {
  return {
    /** Processes serving the one port (`WEB_CONCURRENCY`); 1: no cluster, this process serves. */
    workers: env.WEB_CONCURRENCY,
    /** `maxConcurrent`: this process's share of HASH_CONCURRENCY, which is the machine's (see hashShare). */
    argon2: {
      /** KiB per hash. */
      memoryCost: env.ARGON2_MEMORY_KIB,
      timeCost: env.ARGON2_TIME_COST,
      parallelism: env.ARGON2_PARALLELISM,
      /** Hashes running at once; the rest wait their turn. */
      maxConcurrent: hashShare(hashConcurrency(env), env.WEB_CONCURRENCY),
    },
    /** How far below the event loop's priority the thread pool that hashes runs; see lowerHashThreadPriority. */
    hashThreadPriority: env.HASH_THREAD_NICE ?? defaultHashThreadPriority(env.WEB_CONCURRENCY),
    /** How long a graceful shutdown may take before the process is ended anyway. */
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

export type Argon2Settings = ReturnType<typeof runtimeSettings>['argon2'];

export function runtimeProblems(env: RuntimeVariables & { DATABASE_URL: string }): Problem[] {
  const problems: Problem[] = [];
  if (env.WEB_CONCURRENCY > 1 && env.DATABASE_URL === 'sqlite::memory:') {
    problems.push(['WEB_CONCURRENCY', 'must be 1 with DATABASE_URL=sqlite::memory:, or each worker would have a database of its own']);
  }
  const maxHashes = threadPoolSize * env.WEB_CONCURRENCY;
  if (hashConcurrency(env) > maxHashes) {
    const problem = `at most UV_THREADPOOL_SIZE (${threadPoolSize}) per process: ${maxHashes} with WEB_CONCURRENCY=${env.WEB_CONCURRENCY}`;
    problems.push(['HASH_CONCURRENCY', problem]);
  }
  return problems;
}

/** Said at start: HASH_CONCURRENCY shares that do not add up to it. */
export function runtimeWarnings(env: RuntimeVariables): string[] {
  const machineWide = hashConcurrency(env);
  const workers = env.WEB_CONCURRENCY;
  const share = hashShare(machineWide, workers);
  if (share * workers === machineWide) return [];
  return [
    `HASH_CONCURRENCY=${machineWide} does not divide among WEB_CONCURRENCY=${workers} workers: ` +
      `each runs ${share} hash${share === 1 ? '' : 'es'} at a time, ${share * workers} on the machine`,
  ];
}

function hashConcurrency(env: RuntimeVariables): number {
  return env.HASH_CONCURRENCY ?? defaultHashConcurrency(env.ARGON2_PARALLELISM, env.WEB_CONCURRENCY);
}

/**
 * HASH_CONCURRENCY counts for the machine (its cores and memory), however many workers share it:
 * each gets an equal share, at least one.
 */
function hashShare(machineWide: number, workers: number): number {
  return Math.max(1, Math.floor(machineWide / workers));
}

/**
 * Hashes at once on the machine unless HASH_CONCURRENCY says otherwise: as many as fill the cores,
 * each hash running `parallelism` lanes, in equal shares of at least one per worker. Every hash
 * takes a libuv thread: at least one of each worker's pool is left for file I/O, DNS and crypto.
 * Each also holds ARGON2_MEMORY_KIB: on 2 cores with p=4, one hash at a time peaked at 258 MiB
 * under 64 sign-ins, two at 324 MiB, for 7% more sign-ins per second (BENCHMARKS.md).
 */
function defaultHashConcurrency(parallelism: number, workers: number): number {
  const perWorker = Math.floor(availableParallelism() / parallelism / workers);
  return workers * Math.max(1, Math.min(perWorker, threadPoolSize - 1));
}

/**
 * SCHED_IDLE for the hash threads while the event loops leave a core free, as one process does on
 * two cores: the hashes then have that core's spare time. When the workers can fill every core, a
 * flood of reads would stop sign-ins at SCHED_IDLE (two busy processes holding both cores: 0
 * sign-ins/s, against 0.7/s at nice 10 and 4/s without them; BENCHMARKS.md): then nice steps,
 * which keep the hashes a share.
 */
function defaultHashThreadPriority(workers: number): HashThreadPriority {
  return workers < availableParallelism() ? 'idle' : NICE_WITHOUT_IDLE;
}
