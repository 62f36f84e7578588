import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { hashBudget } from '../../src/runtime/hash-budget.ts';

describe('hashBudget', () => {
  it('runs by default as many hashes as fill the cores at ARGON2_PARALLELISM lanes each, at least 1, below the libuv pool size of 4', () => {
    const cores = availableParallelism();
    const hashes = (parallelism: number) => hashBudget(loadConfig({ ARGON2_PARALLELISM: String(parallelism) })).perProcess;
    expect(hashes(4)).toBe(Math.max(1, Math.min(Math.floor(cores / 4), 3))); // 1 on 2 cores
    expect(hashes(1)).toBe(Math.min(cores, 3));
    expect(hashes(64)).toBe(1);
  });

  it('splits HASH_CONCURRENCY, the machine-wide cap, among the workers: at least one each, said when it does not divide', () => {
    const hashing = (environment: NodeJS.ProcessEnv) => {
      const { perProcess, warnings } = hashBudget(
        loadConfig({ JWT_SECRET: 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=', ...environment }),
      );
      return [perProcess, warnings];
    };
    expect(hashing({ HASH_CONCURRENCY: '3' })).toEqual([3, []]);
    expect(hashing({ HASH_CONCURRENCY: '4', WEB_CONCURRENCY: '2' })).toEqual([2, []]);
    expect(hashing({ HASH_CONCURRENCY: '4', WEB_CONCURRENCY: '4' })).toEqual([1, []]);
    expect(hashing({ HASH_CONCURRENCY: '3', WEB_CONCURRENCY: '2' })).toEqual([
      1,
      ['HASH_CONCURRENCY=3 does not divide among WEB_CONCURRENCY=2 workers: each runs 1 hash at a time, 2 on the machine'],
    ]);
    expect(hashing({ HASH_CONCURRENCY: '2', WEB_CONCURRENCY: '5' })).toEqual([
      1,
      ['HASH_CONCURRENCY=2 does not divide among WEB_CONCURRENCY=5 workers: each runs 1 hash at a time, 5 on the machine'],
    ]);
    // The default is at least one per worker, so it always divides.
    expect(hashing({ ARGON2_PARALLELISM: '64', WEB_CONCURRENCY: '3' })).toEqual([1, []]);
    expect(hashing({ ARGON2_PARALLELISM: '1', WEB_CONCURRENCY: '2' })).toEqual([
      Math.max(1, Math.min(Math.floor(availableParallelism() / 2), 3)),
      [],
    ]);
    // Each worker has a libuv pool of its own (4 threads here): more workers may run more hashes.
    expect(hashing({ HASH_CONCURRENCY: '8', WEB_CONCURRENCY: '2' })).toEqual([4, []]);
    const refusal = (problem: string) => new ConfigError([`HASH_CONCURRENCY: ${problem}`]);
    expect(() => hashBudget(loadConfig({ HASH_CONCURRENCY: '5' }))).toThrow(
      refusal('at most UV_THREADPOOL_SIZE (4) per process: 4 with WEB_CONCURRENCY=1'),
    );
    expect(() => hashBudget(loadConfig({ HASH_CONCURRENCY: '9', WEB_CONCURRENCY: '2' }))).toThrow(
      refusal('at most UV_THREADPOOL_SIZE (4) per process: 8 with WEB_CONCURRENCY=2'),
    );
  });
});
