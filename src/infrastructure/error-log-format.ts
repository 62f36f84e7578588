import { DriverException } from '@mikro-orm/core';
import BetterSqlite3 from 'better-sqlite3';
import type { GraphQLError } from 'graphql';
import pg from 'pg';
import { stdSerializers } from 'pino';

/** MikroORM's errors, and those of the native clients its connections hold, which a reader may query directly. */
const databaseErrorClasses = [DriverException, pg.DatabaseError, BetterSqlite3.SqliteError];
type DatabaseError = Error & { code?: string; constraint?: string };

/**
 * How an error appears in a log line. A database error shows its class, its code (SQLSTATE or
 * SQLite's) and its constraint, never its message nor its detail: those quote the statement or
 * the row, and a failed insert of a user quotes the password hash ("Failing row contains (…,
 * $argon2id$v=19$m=65536…$salt$digest)"). Any other error is logged as pino logs errors.
 */
export function errorLogFormat(error: Error): object {
  const databaseError = findDatabaseError(error);
  if (!databaseError) return stdSerializers.err(error);
  const { code, constraint } = databaseError;
  const path = (error as Partial<GraphQLError>).path;
  return { type: databaseError.constructor.name, code, ...(constraint ? { constraint } : {}), ...(path ? { path } : {}) };
}

/** The database error behind a GraphQL error, or behind an error's cause. */
function findDatabaseError(error: unknown, depth = 0): DatabaseError | undefined {
  if (databaseErrorClasses.some((databaseError) => error instanceof databaseError)) return error as DatabaseError;
  if (!(error instanceof Error) || depth > 3) return undefined;
  return findDatabaseError((error as Partial<GraphQLError>).originalError ?? error.cause, depth + 1);
}
