import { randomUUID } from 'node:crypto';
import pg from 'pg';

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

const reachable = await admin('select 1').then(
  () => true,
  () => false,
);
if (!reachable && process.env.REQUIRE_POSTGRES === '1') {
  throw new Error(`REQUIRE_POSTGRES=1, but PostgreSQL does not answer at ${adminUrl}`);
}
/** False only where PostgreSQL is missing and not required: those suites are then skipped, visibly. */
export const postgresAvailable = reachable;

/** A database of the test's own, dropped afterwards even while connections are open. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `users_test_${randomUUID().replaceAll('-', '')}`;
  await admin(`create database ${name}`);
  return { url: postgresUrl(name), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** The URL of a database of this name on the test server, whether it exists or not. */
export function postgresUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}
