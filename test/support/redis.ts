import { Redis } from 'ioredis';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
const reachable = await client.connect().then(
  () => true,
  () => false,
);
client.disconnect();
if (!reachable && process.env.REQUIRE_REDIS === '1') {
  throw new Error(`REQUIRE_REDIS=1, but Redis does not answer at ${redisUrl}`);
}
/** False only where Redis is missing and not required: those suites are then skipped, visibly. */
export const redisAvailable = reachable;
