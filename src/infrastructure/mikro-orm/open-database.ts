import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../../config/load-config.ts';
import { DependencyStatus } from '../dependency-status.ts';
import type { Logger } from '../logger.ts';
import { openOrm } from './open-orm.ts';

/** The database as the service uses it: the ORM, and what readiness asks of it. */
export interface Database {
  orm: MikroORM;
  /** Whether it answers, as this process last saw it: an outage is logged once, then probed until it ends. */
  status: DependencyStatus;
  /** Whether every migration is applied; undefined when the database does not answer. */
  migrated(): Promise<boolean | undefined>;
  close(): Promise<void>;
}

/** Opens the ORM, applies or names the pending migrations, and watches the connection. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const { orm, migrations: applied } = await openOrm(config);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  else if (!config.migrateOnStart) await warnOfPendingMigrations(orm, logger);
  const status = new DependencyStatus(
    {
      name: 'database',
      whileDown: 'requests that need it fail until it answers again',
      level: 'error',
      probe: async () => void (await orm.em.getConnection().execute('select 1')),
      timeoutMs: config.databaseTimeouts.connectMs,
    },
    logger,
  );
  // Once none is pending, none can be until a new release: stop asking.
  let migrated = false;
  return {
    orm,
    status,
    migrated: async () => {
      if (migrated) return true;
      if (!(await status.check())) return undefined;
      migrated = (await orm.migrator.getPending()).length === 0;
      return migrated;
    },
    close: async () => {
      status.stop();
      await orm.close();
    },
  };
}

/**
 * Started with MIGRATE_ON_START=false before `npm run migrate`: it serves anyway (/ready answers
 * 503 until the migrations are in, so a deployment's migration job can run meanwhile), but says so
 * once, in one line, rather than through the first failed request.
 */
async function warnOfPendingMigrations(orm: MikroORM, logger: Logger): Promise<void> {
  const pending = (await orm.migrator.getPending()).map((migration) => migration.name);
  if (pending.length === 0) return;
  logger.error({ pending }, 'migrations pending: run `npm run migrate`; until then /ready answers 503 and requests fail');
}
