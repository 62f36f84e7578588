/** Socket-level failures: the database is down, unreachable or went away mid-statement. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * PostgreSQL: connection exceptions (class 08), shutdown or crash (57P01-57P03), a cancelled
 * statement (57014). Not 08P01, a protocol violation: PostgreSQL refusing one message (a NUL in
 * its text) and answering the next on the same connection.
 */
const postgresStates = /^(08(?!P01)...|57P0[123]|57014)$/;
/** `pg` raises these as plain Errors, with no code. */
const postgresMessages =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/**
 * True when the error is of the kind an outage raises: the database could not be reached or did
 * not answer in time, as opposed to a bug or a bad statement. Whether it is one only a probe can
 * tell (a statement cancelled by its timeout, one connection ended: the database may still answer).
 * MikroORM wraps driver errors but keeps their `code`; `pg`'s own errors are known by message.
 */
export function isConnectionFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (networkCodes.has(code) || postgresStates.test(code))) return true;
  return postgresMessages.test(error.message) || (error.cause !== undefined && isConnectionFault(error.cause));
}

/**
 * True when SQLite refused a statement because another connection had the lock: its one writer
 * (SQLITE_BUSY), a commit of theirs since this transaction began to read (SQLITE_BUSY_SNAPSHOT),
 * a table in use (SQLITE_LOCKED). Contention, not an outage: the same statement a moment later succeeds.
 */
export function isLockContention(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) || (error.cause !== undefined && isLockContention(error.cause));
}
