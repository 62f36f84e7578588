import type { Config } from '../../config/load-config.ts';
import { DependencyStatus } from '../dependency-status.ts';
import type { Logger } from '../logger.ts';
import { reaching } from '../startup-error.ts';
import { type OpenRateLimits, openRateLimits, type RateLimitObserver } from './open-rate-limits.ts';

export interface WatchedRateLimits extends OpenRateLimits {
  /** Whether the store answers, as this process last saw it: an outage is logged once, then probed until it ends. */
  status: DependencyStatus;
}

/** The rate limits on their store (Redis when REDIS_URL is set, else the database), its faults watched. */
export async function openWatchedRateLimits(config: Config, logger: Logger, observer?: RateLimitObserver): Promise<WatchedRateLimits> {
  // The store's faults start an outage, whose probe asks the store: known once it is open.
  let store: OpenRateLimits | undefined;
  const status = new DependencyStatus(
    {
      name: 'rateLimitStore',
      whileDown: 'rate limits count in memory on this instance until it answers again',
      level: 'warn',
      probe: () => (store ? store.probe() : Promise.reject(new Error('not open yet'))),
      timeoutMs: config.databaseTimeouts.connectMs,
    },
    logger,
  );
  const remedy = config.redisUrl ? 'start Redis, or fix REDIS_URL' : 'start the database, or fix DATABASE_URL';
  const options = { databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, timeouts: config.databaseTimeouts, observer };
  const opened = await reaching('rateLimitStore', remedy, () =>
    openRateLimits(config.rateLimits, { ...options, onFault: (error) => status.failed(error) }),
  );
  store = opened;
  logger.info({ store: opened.store }, 'rate-limit counts kept in %s', opened.store);
  return {
    ...opened,
    status,
    close: async () => {
      status.stop();
      await opened.close();
    },
  };
}
