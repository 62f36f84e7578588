import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/** Any number, the same in every instance: the advisory lock that migrating instances take turns on. */
const migrationLock = 4_711_031_907;

/**
 * Applies the pending migrations, all in one transaction, and names them. On PostgreSQL that
 * transaction first takes an advisory lock, so instances that start together take turns: the
 * second finds nothing left to do instead of creating the same tables again. (A SQLite file has
 * one connection per process, which a wrapping transaction would hold against the migrator's own
 * queries; it serves one instance.)
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const connection = orm.em.getConnection();
  const applied =
    orm.em.getPlatform() instanceof PostgreSqlPlatform
      ? await connection.transactional(async (transaction) => {
          await connection.execute('select pg_advisory_xact_lock(?)', [migrationLock], 'run', transaction);
          return orm.migrator.up({ transaction });
        })
      : await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
