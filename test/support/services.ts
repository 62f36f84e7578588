import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The services the suites run against, chosen by environment variables, and whether they answered. */
export interface Service {
  name: string;
  /** Where it was looked for, passwords hidden. */
  target: string;
  /** The variable that chooses it. */
  variable: string;
  /** Why it is missing (one line); undefined when it answered. */
  missing?: string;
  /** `REQUIRE_…=1`: missing is then a failure, not a skip. */
  required: boolean;
}

export type Services = Record<'postgres' | 'redis' | 'browser', Service>;

export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const databasePrefix = process.env.TEST_DATABASE_PREFIX ?? 'users_test_';
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const usualChromiums = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];
export const chromiumPath = process.env.CHROMIUM_PATH ?? usualChromiums.find((path) => existsSync(path)) ?? usualChromiums[0]!;

const hidePassword = (url: string) => url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

async function postgresMissing(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => {}); // an error after connect must not become an uncaught one
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return oneLine(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function redisMissing(): Promise<string | undefined> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The socket's error says why (connect() only says "Connection is closed"); caught here, no "Unhandled error event".
  let cause: unknown;
  client.on('error', (error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return oneLine(cause ?? error);
  } finally {
    client.disconnect();
  }
}

/** Asks each service once, for the whole run. */
export async function probeServices(): Promise<Services> {
  const [postgres, redis] = await Promise.all([postgresMissing(), redisMissing()]);
  const required = (key: keyof Services) => process.env[`REQUIRE_${key.toUpperCase()}`] === '1';
  return {
    postgres: {
      name: 'PostgreSQL',
      target: `${hidePassword(postgresAdminUrl)}, databases ${databasePrefix}*`,
      variable: 'TEST_DATABASE_URL',
      missing: postgres,
      required: required('postgres'),
    },
    redis: { name: 'Redis', target: hidePassword(redisUrl), variable: 'TEST_REDIS_URL', missing: redis, required: required('redis') },
    browser: {
      name: 'Chromium',
      target: chromiumPath,
      variable: 'CHROMIUM_PATH',
      missing: existsSync(chromiumPath) ? undefined : 'no such file (apt-get install chromium)',
      required: required('browser'),
    },
  };
}

/** One line saying what is missing, where it was looked for and why. */
export const missingLine = (service: Service) => `${service.name} missing at ${service.target} (${service.variable}): ${service.missing}`;
