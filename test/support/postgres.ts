import { serviceAvailable } from './service-available.ts';

export { createPostgresDatabase, postgresDatabaseExists, postgresUrl } from './postgres-database.ts';

/** False only where PostgreSQL is missing and not required: those suites are then skipped, and the summary says why. */
export const postgresAvailable = serviceAvailable('postgres');
