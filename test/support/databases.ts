import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { withWebhookTables } from '../../src/webhooks/mikro-orm/webhook-tables.ts';
import { createPostgresDatabase } from './postgres-database.ts';
import { serviceAvailable } from './service-available.ts';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function createSqliteDatabase(): Promise<TestDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'users-test-'));
  return Promise.resolve({
    url: `sqlite:${directory}/app.db`,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  });
}

/** The backends every persistence and end-to-end suite runs on. */
export const databaseBackends = [
  { name: 'SQLite', available: true, create: createSqliteDatabase },
  {
    name: 'PostgreSQL',
    // Asked when a suite decides to run or skip: a file that uses SQLite alone does not need PostgreSQL.
    get available() {
      return serviceAvailable('postgres');
    },
    create: createPostgresDatabase,
  },
] as const;
/** For what one backend alone has (a lock held by another connection, a query plan). */
export const [sqliteBackend, postgresBackend] = databaseBackends;
export type DatabaseBackend = (typeof databaseBackends)[number];

/** An ORM on the database, migrated, that knows every table (the webhook module's too, as the server's does). */
export async function openMigratedOrm(url: string): Promise<MikroORM> {
  const orm = withWebhookTables(await MikroORM.init(ormConfig(url)));
  await orm.migrator.up();
  return orm;
}
