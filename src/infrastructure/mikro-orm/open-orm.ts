import { MikroORM } from '@mikro-orm/core';
import { ormConfig } from './orm-config.ts';
import type { Config } from '../config.ts';
import { applyMigrations } from './apply-migrations.ts';

/** The ORM on the configured database, with the pending migrations applied when MIGRATE_ON_START says so. */
export async function openOrm(config: Config): Promise<{ orm: MikroORM; migrations: string[] }> {
  const orm = await MikroORM.init(ormConfig(config.databaseUrl, config.databaseTimeouts));
  return { orm, migrations: config.migrateOnStart ? await applyMigrations(orm) : [] };
}
