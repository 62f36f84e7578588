import { MikroORM } from '@mikro-orm/core';
import type { Config } from '../../config/load-config.ts';
import { reaching, StartupError } from '../startup-error.ts';
import { applyMigrations } from './apply-migrations.ts';
import { ormConfig } from './orm-config.ts';

/**
 * The ORM on the configured database, connected now rather than on the first query (a database
 * that is not there stops the start, and readiness is true from the first probe), with the pending
 * migrations applied when MIGRATE_ON_START says so.
 */
export async function openOrm(config: Config): Promise<{ orm: MikroORM; migrations: string[] }> {
  const orm = await MikroORM.init(ormConfig(config.databaseUrl, config.databaseTimeouts));
  await reaching('database', 'start it, or fix DATABASE_URL', () => orm.em.getConnection().execute('select 1')).catch((error) => {
    throw missingDatabase(error, orm.config.get('dbName')) ?? error;
  });
  return { orm, migrations: config.migrateOnStart ? await applyMigrations(orm) : [] };
}

/** PostgreSQL's answer for a database that is not there (3D000): the service never creates one (see orm-config.ts). */
function missingDatabase(error: StartupError, name: string): StartupError | undefined {
  if ((error.cause as { code?: unknown })?.code !== '3D000') return undefined;
  return new StartupError(
    'database',
    `create it (createdb ${name}), or fix DATABASE_URL`,
    error.cause,
    `database "${name}" does not exist`,
  );
}
