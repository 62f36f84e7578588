import type { MikroORM } from '@mikro-orm/core';
import { serviceAvailable } from './service-available.ts';

export { createPostgresDatabase, postgresDatabaseExists, postgresUrl } from './postgres-database.ts';

/** False only where PostgreSQL is missing and not required: those suites are then skipped, and the summary says why. */
export const postgresAvailable = serviceAvailable('postgres');

/** How many of the database's sessions wait for a lock another one holds. */
export async function waitingForLocks(orm: MikroORM): Promise<number> {
  const [row] = await orm.em
    .getConnection()
    .execute("select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
  return row.waiting;
}
