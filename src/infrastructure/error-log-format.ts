import { DriverException } from '@mikro-orm/core';
import type { GraphQLError } from 'graphql';
import { stdSerializers } from 'pino';

/**
 * How an error appears in a log line. A database error shows its class, its code (SQLSTATE or
 * SQLite's) and its constraint, never its message nor its detail: those quote the statement or
 * the row, and a failed insert of a user quotes the password hash ("Failing row contains (…,
 * $argon2id$v=19$m=65536…$salt$digest)"). Any other error is logged as pino logs errors.
 */
export function errorLogFormat(error: Error): object {
  const driverError = findDriverError(error);
  if (!driverError) return stdSerializers.err(error);
  const { code, constraint } = driverError as DriverException & { constraint?: string };
  const path = (error as Partial<GraphQLError>).path;
  return { type: driverError.constructor.name, code, ...(constraint ? { constraint } : {}), ...(path ? { path } : {}) };
}

/** The database error behind a GraphQL error, or behind an error's cause. */
function findDriverError(error: unknown, depth = 0): DriverException | undefined {
  if (error instanceof DriverException) return error;
  if (!(error instanceof Error) || depth > 3) return undefined;
  return findDriverError((error as Partial<GraphQLError>).originalError ?? error.cause, depth + 1);
}
