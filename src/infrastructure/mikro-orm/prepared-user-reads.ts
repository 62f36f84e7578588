import type { Connection, EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { User } from '../../domain/user.ts';

/** One user's row as the database holds it, column names and all: `em.map` hydrates it. */
export type UserRow = Record<string, unknown>;

/**
 * The reads every request may make (users by id, a user by email), as statements prepared once
 * per database connection: `em.findOne` builds, compiles and prepares its query anew each time
 * (about 150 µs here, against 8 µs for a prepared SQLite statement). The columns are the
 * mapping's (user.schema.ts), so this file names none.
 */
export interface PreparedUserReads {
  byId(id: string): Promise<UserRow | undefined>;
  /** The rows of those of the ids that exist, in no particular order: one query for many callers. */
  byIds(ids: readonly string[]): Promise<UserRow[]>;
  byEmail(email: string): Promise<UserRow | undefined>;
  /** True once the connection it was prepared on is closed (the ORM reconnected or closed). */
  stale(): boolean;
}

/** Per connection: the reads once prepared (no promise to await on the hot path), or their preparation. */
const prepared = new WeakMap<Connection, PreparedUserReads | Promise<PreparedUserReads>>();

/** The reads of the connection behind this EntityManager, prepared on first use and again after a reconnect. */
export function preparedUserReads(em: EntityManager): PreparedUserReads | Promise<PreparedUserReads> {
  const connection = em.getConnection();
  const known = prepared.get(connection);
  if (known && (known instanceof Promise || !known.stale())) return known;
  const reads = prepare(em, connection).then(
    (ready) => {
      prepared.set(connection, ready);
      return ready;
    },
    (error: unknown) => {
      // A failure (the database down at first use) is not kept: the next read prepares again.
      prepared.delete(connection);
      throw error;
    },
  );
  prepared.set(connection, reads);
  return reads;
}

async function prepare(em: EntityManager, connection: Connection): Promise<PreparedUserReads> {
  const meta = em.getMetadata().get(User);
  const platform = em.getPlatform();
  const quote = (name: string) => platform.quoteIdentifier(name);
  const columns = meta.props
    .flatMap((prop) => prop.fieldNames ?? [])
    .map(quote)
    .join(', ');
  const column = (property: 'id' | 'email') => quote(meta.properties[property].fieldNames[0]!);
  const select = `select ${columns} from ${quote(meta.tableName)} where `;
  const native = (await (connection as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient()) as unknown;
  if (platform instanceof PostgreSqlPlatform) {
    const pool = native as Pool;
    const rows = (name: string, text: string) => async (value: unknown) =>
      (await pool.query<UserRow>({ name, text, values: [value] })).rows;
    const byId = rows('users_by_id', `${select}${column('id')} = $1`);
    const byEmail = rows('users_by_email', `${select}${column('email')} = $1`);
    return {
      byId: async (id) => (await byId(id))[0],
      byIds: rows('users_by_ids', `${select}${column('id')} = any($1)`),
      byEmail: async (email) => (await byEmail(email))[0],
      stale: () => pool.ended,
    };
  }
  const database = native as BetterSqlite3.Database;
  /**
   * The ORM's one SQLite connection also carries its transactions, and another request's may be
   * open on it between its begin and its commit: a read then goes through the ORM, which waits for
   * that commit. Read inside the transaction, it would see writes not yet committed, and begin the
   * transaction's snapshot before its first write, which SQLite then fails at once (SQLITE_BUSY,
   * SQLITE_BUSY_SNAPSHOT) if another process holds the write lock or has committed since: with two
   * workers, 1 to 4 of 48 `updateMe` answered `Unexpected error.`.
   */
  const rows = (sql: string) => {
    const statement = database.prepare<[string], UserRow>(sql);
    return async (value: string) => (database.inTransaction ? connection.execute<UserRow[]>(sql, [value]) : statement.all(value));
  };
  const byId = rows(`${select}${column('id')} = ?`);
  const byEmail = rows(`${select}${column('email')} = ?`);
  // The ids as one JSON array: a single statement for any number of them (each an index lookup).
  const byIds = rows(`${select}${column('id')} in (select value from json_each(?))`);
  return {
    byId: async (id) => (await byId(id))[0],
    byIds: (ids) => byIds(JSON.stringify(ids)),
    byEmail: async (email) => (await byEmail(email))[0],
    stale: () => !database.open,
  };
}
