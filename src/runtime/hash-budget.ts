import { availableParallelism } from 'node:os';
import { type Config, ConfigError } from '../config/load-config.ts';

/** libuv's thread pool, one thread per running hash: 4 threads unless UV_THREADPOOL_SIZE says otherwise. */
const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;

export interface HashBudget {
  /** Hashes this process runs at once; the rest wait their turn. */
  perProcess: number;
  /** To say at start: that HASH_CONCURRENCY does not divide among the workers. */
  warnings: string[];
}

/**
 * HASH_CONCURRENCY counts for the machine (its cores and memory), however many workers share it:
 * each gets an equal share, at least one. Unset, as many hashes as fill the cores, each running
 * ARGON2_PARALLELISM lanes, at least one per worker. The cap is what keeps reads answering during a
 * flood of sign-ins, and memory at idle + hashes × ARGON2_MEMORY_KIB: on 2 cores with p=4, one hash
 * at a time peaked at 258 MiB under 64 sign-ins, two at 324 MiB, for 7% more sign-ins per second
 * (BENCHMARKS.md). At least one thread of each worker's pool is left for file I/O, DNS and crypto.
 */
export function hashBudget({ hashConcurrency, argon2, workers }: Pick<Config, 'hashConcurrency' | 'argon2' | 'workers'>): HashBudget {
  const perWorkerByCores = Math.floor(availableParallelism() / argon2.parallelism / workers);
  const machineWide = hashConcurrency ?? workers * Math.max(1, Math.min(perWorkerByCores, threadPoolSize - 1));
  const maxHashes = threadPoolSize * workers;
  if (machineWide > maxHashes) {
    const problem = `at most UV_THREADPOOL_SIZE (${threadPoolSize}) per process: ${maxHashes} with WEB_CONCURRENCY=${workers}`;
    throw new ConfigError([`HASH_CONCURRENCY: ${problem}`]);
  }
  const perProcess = Math.max(1, Math.floor(machineWide / workers));
  if (perProcess * workers === machineWide) return { perProcess, warnings: [] };
  const warning =
    `HASH_CONCURRENCY=${machineWide} does not divide among WEB_CONCURRENCY=${workers} workers: ` +
    `each runs ${perProcess} hash${perProcess === 1 ? '' : 'es'} at a time, ${perProcess * workers} on the machine`;
  return { perProcess, warnings: [warning] };
}
