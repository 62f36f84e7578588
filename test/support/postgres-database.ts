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
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
