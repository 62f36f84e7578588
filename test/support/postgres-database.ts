import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databasePrefix, postgresAdminUrl } from './services.ts';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A database of the test's own (named TEST_DATABASE_PREFIX…), dropped afterwards even while connections are open. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${databasePrefix}${randomUUID().replaceAll('-', '')}`;
  await admin(`create database ${name}`);
  return { url: postgresUrl(name), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** The URL of a database of this name on the test server, whether it exists or not. */
export function postgresUrl(name: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}
