import type { PoolConfig } from 'pg';
import type { DatabaseTimeouts } from '../../config/database.ts';

/**
 * `pg` settings for every pool of the process (the ORM's and the rate limiter's), so a database
 * that is down or unreachable fails a request within a bounded time instead of holding it.
 * The server cancels a slow statement (`statement_timeout`); the client gives up a second later
 * (`query_timeout`) only when the network itself went silent and no cancel can arrive.
 */
export function postgresTimeouts(timeouts: DatabaseTimeouts): PoolConfig {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + 1000,
    keepAlive: true,
  };
}
