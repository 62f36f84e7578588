import { z } from 'zod';
import { DEFAULT_DATABASE_TIMEOUTS, DEFAULT_DATABASE_URL, databaseLocation, wrongDatabaseUrl } from './database-url.ts';
import { flag, positiveInt } from './variables.ts';

/** Where the data lives, and how long the service waits on it and keeps it. */
export const databaseVariables = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .superRefine((url, ctx) => {
      if (!databaseLocation(url)) ctx.addIssue({ code: 'custom', message: wrongDatabaseUrl(url) });
    }),
  MIGRATE_ON_START: flag.default(true),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  AUDIT_RETENTION_DAYS: positiveInt.default(90),
});

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
