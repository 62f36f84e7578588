/** Socket-level failures: the database is down, unreachable or went away mid-statement. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL: connection exceptions (class 08), shutdown or crash (57P01-57P03), a cancelled statement (57014). */
const postgresStates = /^(08...|57P0[123]|57014)$/;
/** `pg` raises these as plain Errors, with no code. */
const postgresMessages =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/**
 * True when the error says the database could not be reached or did not answer in time, as
 * opposed to a bug or a bad statement: an outage, which is logged once for its whole length.
 * MikroORM wraps driver errors but keeps their `code`; `pg`'s own errors are known by message.
 */
export function isDatabaseOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (networkCodes.has(code) || postgresStates.test(code))) return true;
  return postgresMessages.test(error.message) || (error.cause !== undefined && isDatabaseOutage(error.cause));
}
