import { basename, dirname, extname, join } from 'node:path';
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
import type { RateLimitSettings } from '../../config/auth.ts';
import type { DatabaseTimeouts } from '../../config/database.ts';
import { DEFAULT_DATABASE_TIMEOUTS, parseDatabaseUrl } from '../../config/values/database-url.ts';
import { postgresTimeouts } from '../databases/postgres-timeouts.ts';
import { rateLimitSqlitePragmas } from '../databases/sqlite-pragmas.ts';
import { FlexibleRateLimit } from './flexible-rate-limit.ts';
import { StandInLimiter } from './stand-in-limiter.ts';

export interface RateLimitStoreOptions {
  databaseUrl: string;
  redisUrl?: string | undefined;
  timeouts?: DatabaseTimeouts;
  /** Told of every fault of the store; counting goes on in memory meanwhile. */
  onFault?: (error: unknown) => void;
  /** Hears refusals and counts kept in memory, by limit: for the metrics. */
  observer?: RateLimitObserver;
}

export type LimitName = keyof RateLimits;

export interface RateLimitObserver {
  /** An attempt was refused as over this limit. */
  refused(limit: LimitName): void;
  /** The store failed, so this instance's memory counted (or cleared) for this limit instead. */
  stoodIn(limit: LimitName): void;
}

export interface OpenRateLimits {
  limits: RateLimits;
  /** Which store keeps the counts, for the start-up log. */
  store: 'redis' | 'postgresql' | 'sqlite' | 'memory';
  /** The connection pool of a PostgreSQL store, for the pool metrics; the other stores have none. */
  pool?: pg.Pool;
  /** Resolves when the store answers. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** Created by a migration on PostgreSQL; on SQLite, in the counts' own file, by the limiter. */
const tableName = 'auth_rate_limits';
/** On SQLite, as rate-limiter-flexible's own sweep does: every 5 minutes, what expired an hour ago. */
const sweepEveryMs = 300_000;
const sweptAfterMs = 3_600_000;

/** A limiter's options, with the store limiters' block in memory (see writesPerAccount). */
type LimiterOptions = IRateLimiterOptions & Pick<ConstructorParameters<typeof RateLimiterSQLite>[0], 'inMemoryBlockOnConsumed'>;
type MakeLimiter = (options: LimiterOptions) => RateLimiterAbstract;

/**
 * The counts live where every instance of the service sees them: in Redis when `redisUrl` is set,
 * else in the application's own database. If that store fails, an in-memory limiter stands in
 * until it answers again; no fault of the store's connection ever reaches the process.
 */
export async function openRateLimits(settings: RateLimitSettings, options: RateLimitStoreOptions): Promise<OpenRateLimits> {
  const { timeouts = DEFAULT_DATABASE_TIMEOUTS, onFault = () => {}, observer } = options;
  const opened = await openStore(options, timeouts, onFault);
  const onStandIn = (limit: LimitName) => {
    onFault(new Error('the store did not answer'));
    observer?.stoodIn(limit);
  };
  return { ...opened, limits: build(settings, opened.make, onStandIn, (limit) => observer?.refused(limit)) };
}

async function openStore(
  { databaseUrl, redisUrl }: RateLimitStoreOptions,
  timeouts: DatabaseTimeouts,
  onFault: (error: unknown) => void,
): Promise<Omit<OpenRateLimits, 'limits'> & { make: MakeLimiter }> {
  if (redisUrl) {
    const redis = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: timeouts.connectMs,
      commandTimeout: timeouts.statementMs,
    });
    redis.on('error', onFault);
    await redis.connect();
    return {
      store: 'redis',
      // While Redis reconnects, count in memory at once rather than wait for each command to fail.
      make: (limits) => new RateLimiterRedis({ ...limits, storeClient: redis, rejectIfRedisNotReady: true }),
      probe: async () => void (await redis.ping()),
      // quit() waits for the replies in flight; with no connection there is nothing to wait for.
      close: async () => (redis.status === 'ready' ? void (await redis.quit()) : redis.disconnect()),
    };
  }
  const location = parseDatabaseUrl(databaseUrl);
  if (location.kind === 'postgresql') {
    const pool = new pg.Pool({ connectionString: location.url, max: 4, ...postgresTimeouts(timeouts) });
    // An idle client that loses its server is reported on the pool; one in use, on the client.
    pool.on('error', onFault);
    pool.on('connect', (client) => client.on('error', onFault));
    return {
      store: 'postgresql',
      pool,
      make: (limits) => new RateLimiterPostgres({ ...limits, storeClient: pool, storeType: 'pool', tableName, tableCreated: true }),
      probe: async () => void (await pool.query('select 1')),
      close: () => pool.end(),
    };
  }
  if (location.path === ':memory:') {
    // A memory database lives and dies with this process; so may its counts.
    const noStore = async () => {};
    return { store: 'memory', make: (limits) => new RateLimiterMemory(limits), probe: noStore, close: noStore };
  }
  // A file of its own: better-sqlite3 waits for a lock synchronously, so a count waiting for the
  // write lock of a commit in progress (held across awaits) would stop the event loop, and with it
  // that commit, until the wait gave up. Its workers still share it, as they share the database.
  const sqlite = new Database(rateLimitFile(location.path), { timeout: timeouts.connectMs });
  for (const pragma of rateLimitSqlitePragmas) sqlite.pragma(pragma);
  // Counts expired an hour ago are swept here, not by each limiter's own timer: that one outlived
  // close(), and its failure (the file closed, or busy past the lock wait) was an unhandled
  // rejection, which ends a process. A sweep that fails is tried again at the next.
  const sweep = setInterval(() => {
    try {
      sqlite.prepare(`delete from ${tableName} where expire < ?`).run(Date.now() - sweptAfterMs);
    } catch (error) {
      onFault(error);
    }
  }, sweepEveryMs).unref();
  return {
    store: 'sqlite',
    make: (limits) => new RateLimiterSQLite({ ...limits, storeClient: sqlite, storeType: 'better-sqlite3', tableName }),
    probe: async () => void sqlite.prepare('select 1').get(),
    close: async () => {
      clearInterval(sweep);
      sqlite.close();
    },
  };
}

/** Beside the database: `data/users.db` keeps its counts in `data/users.rate-limits.db`. */
function rateLimitFile(databasePath: string): string {
  const extension = extname(databasePath) || '.db';
  return join(dirname(databasePath), `${basename(databasePath, extname(databasePath))}.rate-limits${extension}`);
}

function build(
  settings: RateLimitSettings,
  make: MakeLimiter,
  onStandIn: (limit: LimitName) => void,
  onRefusal: (limit: LimitName) => void,
): RateLimits {
  const limit = (name: LimitName, keyPrefix: string, points: number, duration: number, inMemoryBlockOnConsumed?: number) => {
    const standIn = new StandInLimiter({ keyPrefix, points, duration }, () => onStandIn(name));
    const options = { keyPrefix, points, duration, insuranceLimiter: standIn, inMemoryBlockOnConsumed };
    return new FlexibleRateLimit(make(options), () => onRefusal(name));
  };
  const writesPerMinute = settings.maxWritesPerAccountPerMinute;
  const failureWindow = settings.failureWindowSeconds;
  return {
    credentialFailuresPerEmail: limit('credentialFailuresPerEmail', 'fail_email', settings.maxFailuresPerEmail, failureWindow),
    credentialFailuresPerIp: limit('credentialFailuresPerIp', 'fail_ip', settings.maxFailuresPerIp, failureWindow),
    signUpsPerIp: limit('signUpsPerIp', 'signup_ip', settings.maxSignUpsPerIpPerHour, 3600),
    // An account that spent its writes is refused from this process's memory until the window
    // ends: a flood of refused writes costs the store nothing (nothing is given back to this limit).
    writesPerAccount: limit('writesPerAccount', 'writes_account', writesPerMinute, 60, writesPerMinute),
    // In this process's memory, whatever the store: see RateLimits.rotationsPerAccount.
    rotationsPerAccount: new FlexibleRateLimit(
      new RateLimiterMemory({ keyPrefix: 'rotations_account', points: writesPerMinute, duration: 60 }),
      () => onRefusal('rotationsPerAccount'),
    ),
  };
}
