import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterSQLite,
} from 'rate-limiter-flexible';
import type { RateLimits } from '../../application/ports.ts';
import { parseDatabaseUrl } from '../database-url.ts';
import { FlexibleRateLimit } from './flexible-rate-limit.ts';

export interface RateLimitSettings {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  failureWindowSeconds: number;
  maxSignUpsPerIpPerHour: number;
}

export interface OpenRateLimits {
  limits: RateLimits;
  /** Which store keeps the counts, for the start-up log. */
  store: 'redis' | 'postgresql' | 'sqlite' | 'memory';
  close(): Promise<void>;
}

/** Created by a migration, so it is versioned like the rest of the schema. */
const tableName = 'auth_rate_limits';

type MakeLimiter = (options: IRateLimiterOptions) => RateLimiterAbstract;

/**
 * The counts live where every instance of the service sees them: in Redis when `redisUrl` is set,
 * else in the application's own database. If that store fails, an in-memory limiter stands in.
 */
export async function openRateLimits(
  settings: RateLimitSettings,
  databaseUrl: string,
  redisUrl: string | undefined,
): Promise<OpenRateLimits> {
  if (redisUrl) {
    const redis = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await redis.connect();
    const make: MakeLimiter = (options) => new RateLimiterRedis({ ...options, storeClient: redis });
    return { limits: build(settings, make), store: 'redis', close: async () => void (await redis.quit()) };
  }
  const location = parseDatabaseUrl(databaseUrl);
  if (location.kind === 'postgresql') {
    const pool = new pg.Pool({ connectionString: location.url, max: 4 });
    const make: MakeLimiter = (options) =>
      new RateLimiterPostgres({ ...options, storeClient: pool, storeType: 'pool', tableName, tableCreated: true });
    return { limits: build(settings, make), store: 'postgresql', close: () => pool.end() };
  }
  if (location.path === ':memory:') {
    // A memory database lives and dies with this process; so may its counts.
    return { limits: build(settings, (options) => new RateLimiterMemory(options)), store: 'memory', close: async () => {} };
  }
  const sqlite = new Database(location.path, { timeout: 5000 });
  const make: MakeLimiter = (options) =>
    new RateLimiterSQLite({
      ...options,
      storeClient: sqlite,
      storeType: 'better-sqlite3',
      tableName,
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
  return { limits: build(settings, make), store: 'sqlite', close: async () => void sqlite.close() };
}

function build(settings: RateLimitSettings, make: MakeLimiter): RateLimits {
  const limit = (keyPrefix: string, points: number, duration: number) =>
    new FlexibleRateLimit(
      make({ keyPrefix, points, duration, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }) }),
    );
  return {
    credentialFailuresPerEmail: limit('fail_email', settings.maxFailuresPerEmail, settings.failureWindowSeconds),
    credentialFailuresPerIp: limit('fail_ip', settings.maxFailuresPerIp, settings.failureWindowSeconds),
    signUpsPerIp: limit('signup_ip', settings.maxSignUpsPerIpPerHour, 3600),
  };
}
