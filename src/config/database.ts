import { z } from 'zod';
import { DEFAULT_DATABASE_TIMEOUTS, DEFAULT_DATABASE_URL, databaseLocation, wrongDatabaseUrl } from './values/database-url.ts';
import { flag, positiveInt } from './values/variables.ts';

export const databaseVariables = z
  .object({
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((url, ctx) => {
        if (!databaseLocation(url)) ctx.addIssue({ code: 'custom', message: wrongDatabaseUrl(url) });
      })
      .meta({
        description:
          '`sqlite:<path>` (its directory is created if missing), `sqlite::memory:`, or `postgres://user:pass@host:5432/db` (`postgresql://` too; the database must exist: the service never creates one).',
      }),
    MIGRATE_ON_START: flag
      .default(true)
      .meta({ description: 'Apply pending migrations before listening (`false`: run `npm run migrate` yourself).' }),
    DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.connectMs).meta({
      description:
        "Give up opening a database (or Redis) connection after this long; SQLite: wait this long for the write lock. Also the readiness probe's budget.",
    }),
    DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.statementMs).meta({
      description:
        'PostgreSQL cancels a statement after this long (`statement_timeout`); the client gives up a second later if the network went silent. Redis commands time out after it too.',
    }),
    AUDIT_RETENTION_DAYS: positiveInt.default(90).meta({
      description: 'Days the outbox keeps domain and security events; events with a webhook delivery still pending stay.',
    }),
  })
  .meta({ title: 'Database', description: 'Where the data lives, and how long the service waits on it and keeps it.' });

export function databaseSettings(env: z.output<typeof databaseVariables>) {
  return {
    databaseUrl: env.DATABASE_URL,
    /** How long the service waits on the database before it gives up on a request. */
    databaseTimeouts: {
      /** Opening a connection (PostgreSQL), or waiting for SQLite's write lock. */
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      /** One statement, including a network that stopped answering. */
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    migrateOnStart: env.MIGRATE_ON_START,
    /** How long outbox rows (domain and security events) are kept, unless a webhook delivery of theirs is still pending. */
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
  };
}

export type DatabaseTimeouts = ReturnType<typeof databaseSettings>['databaseTimeouts'];
