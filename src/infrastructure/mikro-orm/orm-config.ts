import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defineConfig, type EntityMetadata, FlushMode, type Options, type Platform } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { CompiledQuery, type DatabaseConnection as KyselyConnection } from 'kysely';
import type { DatabaseTimeouts } from '../../config/database.ts';
import { DEFAULT_DATABASE_TIMEOUTS, parseDatabaseUrl } from '../../config/values/database-url.ts';
import { postgresTimeouts } from '../databases/postgres-timeouts.ts';
import { sqlitePragmas } from '../databases/sqlite-pragmas.ts';
import { OutboxSchema } from './outbox.schema.ts';
import { SessionSchema } from './sessions/session.schema.ts';
import { UserSchema } from './user.schema.ts';

/** The ORM settings for a DATABASE_URL; the app, the tests and the `mikro-orm` CLI (mikro-orm.config.ts) use them. */
export function ormConfig(databaseUrl: string, timeouts = DEFAULT_DATABASE_TIMEOUTS): Partial<Options> {
  return defineConfig({
    ...driverOptions(databaseUrl, timeouts),
    // The outbox's consumers (webhooks) add their own tables to an ORM they are given.
    entities: [UserSchema, OutboxSchema, SessionSchema],
    extensions: [Migrator],
    // A database named in DATABASE_URL that does not exist stops the start (open-orm.ts): created
    // here, a typo in the name would get an empty database, and a healthy-looking service with no users.
    ensureDatabase: false,
    // Nothing reaches the database before UnitOfWork.commit(), not even before a query.
    flushMode: FlushMode.COMMIT,
    // No entity has a relation to propagate, and with flushes only on commit nothing asks whether an
    // entity is dirty before a query: the accessors MikroORM would define on each loaded instance
    // (one per property) serve nothing, and cost `me` about 2 % of its CPU (profiled).
    propagationOnPrototype: false,
    discovery: { onMetadata: adaptToPlatform },
    // The rate limiter's table is written by rate-limiter-flexible, not mapped: diffs leave it alone.
    schemaGenerator: { skipTables: ['auth_rate_limits'] },
    migrations: {
      path: `${import.meta.dirname}/../../../migrations`,
      glob: '!(*.d).ts',
      emit: 'ts',
      // Each migration holds SQL for both backends, so a snapshot of one would mislead the other:
      // migration:create diffs the entities against the live database instead.
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
  });
}

/**
 * PostgreSQL only: `email like 'prefix%'` uses a btree index only if the index orders by bytes
 * (`varchar_pattern_ops`), whatever the database's collation. SQLite's default index already does.
 * SQLite only: an autoincrement key must be declared `integer` (64 bits there anyway); MikroORM
 * creates it so but would then read the mapping's `bigint` as a change to make.
 */
function adaptToPlatform(meta: EntityMetadata, platform: Platform): void {
  if (meta.tableName === 'users' && platform instanceof PostgreSqlPlatform) {
    meta.indexes.push({
      name: 'users_email_prefix_index',
      expression: 'create index "users_email_prefix_index" on "users" ("email" varchar_pattern_ops)',
    });
  }
  if (meta.tableName === 'outbox' && !(platform instanceof PostgreSqlPlatform)) {
    meta.properties.position!.columnTypes = ['integer'];
  }
}

function driverOptions(databaseUrl: string, timeouts: DatabaseTimeouts): Partial<Options> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.kind === 'postgresql') {
    return { driver: PostgreSqlDriver, clientUrl: location.url, driverOptions: postgresTimeouts(timeouts) };
  }
  if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true });
  return {
    driver: SqliteDriver,
    dbName: location.path,
    driverOptions: { timeout: timeouts.connectMs },
    onCreateConnection: async (connection) => {
      for (const pragma of sqlitePragmas) await (connection as KyselyConnection).executeQuery(CompiledQuery.raw(`pragma ${pragma}`));
    },
  };
}
