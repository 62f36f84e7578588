import type { Connection, EntityManager } from '@mikro-orm/core';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { SqliteConnection } from '@mikro-orm/sqlite';
import { User } from '../../../domain/user.ts';

/** One user's row as the database holds it, column names and all. */
export type UserRow = Record<string, unknown>;

/**
 * The rows of those of the ids that exist, in no particular order, in one query: a statement
 * prepared once per database connection, where `em.find` builds, compiles and prepares its query
 * anew each time (about 150 µs here, against 8 µs for a prepared SQLite statement). The columns
 * are the mapping's (user.schema.ts), so this file names none.
 */
export interface UsersByIds {
  read(ids: readonly string[]): Promise<UserRow[]>;
  /** True once the connection it was prepared on is closed (the ORM reconnected or closed). */
  stale(): boolean;
}

/** Per connection: the statement once prepared (no promise to await on the hot path), or its preparation. */
const prepared = new WeakMap<Connection, UsersByIds | Promise<UsersByIds>>();

/** The statement of the connection behind this EntityManager, prepared on first use and again after a reconnect. */
export function usersByIds(em: EntityManager): UsersByIds | Promise<UsersByIds> {
  const connection = em.getConnection();
  const known = prepared.get(connection);
  if (known && (known instanceof Promise || !known.stale())) return known;
  const statement = prepare(em, connection).then(
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
  prepared.set(connection, statement);
  return statement;
}

async function prepare(em: EntityManager, connection: Connection): Promise<UsersByIds> {
  const meta = em.getMetadata().get(User);
  const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
  const columns = meta.props.flatMap((prop) => prop.fieldNames ?? []).map(quote);
  const select = `select ${columns.join(', ')} from ${quote(meta.tableName)} where ${quote(meta.properties.id.fieldNames[0]!)}`;
  if (connection instanceof PostgreSqlConnection) {
    const pool = await connection.getNativeClient();
    const text = `${select} = any($1)`;
    return {
      read: async (ids) => (await pool.query<UserRow>({ name: 'users_by_ids', text, values: [ids] })).rows,
      stale: () => pool.ended,
    };
  }
  if (!(connection instanceof SqliteConnection)) throw new Error('users by ids: a driver this service does not run on');
  const database = await connection.getNativeClient();
  // The ids as one JSON array: a single statement for any number of them (each an index lookup).
  const sql = `${select} in (select value from json_each(?))`;
  const statement = database.prepare<[string], UserRow>(sql);
  return {
    /**
     * The ORM's one SQLite connection also carries its transactions, and another request's may be
     * open on it between its begin and its commit: a read then goes through the ORM, which waits
     * for that commit. Read inside the transaction, it would see writes not yet committed, and
     * begin the transaction's snapshot before its first write, which SQLite then fails at once
     * (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT) if another process holds the write lock or has committed
     * since: with two workers, 1 to 4 of 48 `updateMe` answered `Unexpected error.`.
     */
    read: async (ids) => {
      const json = JSON.stringify(ids);
      return database.inTransaction ? connection.execute<UserRow[]>(sql, [json]) : statement.all(json);
    },
    stale: () => !database.open,
  };
}
