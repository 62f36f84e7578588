/**
 * `npm run seed -- --users N [--password P] [--prefix seed-]`: N active users, for benchmarks and
 * trying things out, in the database of DATABASE_URL. They share one argon2id hash, made once:
 * hashing takes tens of milliseconds a user, inserting a row some microseconds.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Connection, type MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { CompiledQuery, type QueryExecutorProvider, sql } from 'kysely';
import { User } from '../domain/user.ts';
import { Argon2PasswordHasher } from '../infrastructure/argon2/argon2-password-hasher.ts';
import { environmentConfigOrExit } from '../infrastructure/environment-config.ts';
import { openOrm } from '../infrastructure/mikro-orm/open-orm.ts';

/** SQLite binds at most 32,766 values a statement: 1,000 rows of 8 stay well within. */
const rowsPerInsert = 1000;
/** One commit per 10,000 rows: a SQLite writer holds the file's one write lock for a fraction of a second. */
const rowsPerTransaction = 10_000;
/**
 * SQLite's settings for the seed's connection while it runs: no fsync (a seed the machine dies in
 * is simply run again), and a page cache big enough for the index of random ids, which outgrows
 * the default 2 MB from some tens of thousands of rows.
 */
const sqliteBulkPragmas = { synchronous: 'OFF', cache_size: -262_144 };
const columns = ['id', 'name', 'surname', 'email', 'passwordHash', 'active', 'createdAt', 'updatedAt'] as const;

export interface Seed {
  count: number;
  passwordHash: string;
  /** User n gets the email `<prefix><n>@seed.example`, n from 1. */
  prefix: string;
}

/**
 * Inserts the users with raw multi-row INSERTs on the ORM's own connection, table and columns named
 * by the entity mapping; role, token version and suspension take the columns' defaults. User n is
 * created a millisecond after user n-1, the last one now. Answers the rows per second.
 *
 * Values are bound through the Kysely client under the ORM (MikroORM's `execute` would inline each
 * as a literal, which costs more than the insert). PostgreSQL gets one array per column, unnested
 * into rows: 8 parameters to parse rather than 8,000, which nearly doubles its speed.
 */
export async function seedUsers(orm: MikroORM, { count, passwordHash, prefix }: Seed): Promise<number> {
  const meta = orm.getMetadata().get(User);
  const platform = orm.em.getPlatform();
  const connection = orm.em.getConnection();
  const postgres = platform instanceof PostgreSqlPlatform;
  const properties = columns.map((name) => meta.properties[name]);
  const into = sql`${sql.table(meta.tableName)} (${sql.join(properties.map(({ fieldNames }) => sql.ref(fieldNames[0]!)))})`;
  const sqliteStatements = new Map<number, string>();
  /** The INSERT of these rows, each a list of values in the order of `columns`. */
  const insert = (rows: unknown[][], executor: QueryExecutorProvider): CompiledQuery => {
    if (postgres) {
      const arrays = properties.map(({ columnTypes }, i) => sql`${rows.map((row) => row[i])}::${sql.raw(`${columnTypes[0]}[]`)}`);
      return sql`insert into ${into} select * from unnest(${sql.join(arrays)})`.compile(executor);
    }
    if (!sqliteStatements.has(rows.length)) {
      const placeholders = sql`(${sql.join(columns.map(() => null))})`;
      sqliteStatements.set(
        rows.length,
        sql`insert into ${into} values ${sql.join(Array(rows.length).fill(placeholders))}`.compile(executor).sql,
      );
    }
    return CompiledQuery.raw(sqliteStatements.get(rows.length)!, rows.flat());
  };
  const firstCreatedAt = Date.now() - count;
  const values = (n: number) => {
    // A date as the driver takes it (SQLite: milliseconds); 1 for true, as SQLite binds no booleans.
    const createdAt = platform.processDateProperty(new Date(firstCreatedAt + n));
    return [randomUUID(), 'Seed', 'Seed', `${prefix}${n}@seed.example`, passwordHash, 1, createdAt, createdAt];
  };

  const insertAll = async () => {
    const started = performance.now();
    for (let first = 1; first <= count; first += rowsPerTransaction) {
      const last = Math.min(first + rowsPerTransaction - 1, count);
      await connection.transactional(async (transaction) => {
        for (let from = first; from <= last; from += rowsPerInsert) {
          const rows = Array.from({ length: Math.min(rowsPerInsert, last - from + 1) }, (_, i) => values(from + i));
          await transaction.executeQuery(insert(rows, transaction)).catch((error: Error) => {
            // Below the ORM, so its translation of driver errors (a taken email) is done here.
            throw platform.getExceptionConverter().convertException(error);
          });
        }
      });
    }
    return count / ((performance.now() - started) / 1000);
  };
  return postgres ? insertAll() : withPragmas(connection, sqliteBulkPragmas, insertAll);
}

/** Runs `work` with the connection's pragmas set so, then sets them back as they were. */
async function withPragmas<T>(connection: Connection, pragmas: Record<string, string | number>, work: () => Promise<T>): Promise<T> {
  const before: [string, unknown][] = [];
  for (const [name, value] of Object.entries(pragmas)) {
    const [current] = await connection.execute(`pragma ${name}`);
    before.push([name, current[name]]);
    await connection.execute(`pragma ${name} = ${value}`);
  }
  try {
    return await work();
  } finally {
    for (const [name, value] of before) await connection.execute(`pragma ${name} = ${value}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string' },
      password: { type: 'string', default: 'correct horse battery' },
      prefix: { type: 'string', default: 'seed-' },
    },
  });
  const count = Number(values.users);
  if (!Number.isSafeInteger(count) || count < 1) {
    console.error('Usage: npm run seed -- --users <N> [--password <password>] [--prefix <email prefix>]');
    process.exit(2);
  }
  const config = environmentConfigOrExit();
  const { orm } = await openOrm(config);
  try {
    const passwordHash = await new Argon2PasswordHasher({ ...config.argon2, maxConcurrent: 1 }).hash(values.password);
    const rowsPerSecond = await seedUsers(orm, { count, passwordHash, prefix: values.prefix });
    console.log(
      `Seeded ${count} users, ${values.prefix}1@seed.example to ${values.prefix}${count}@seed.example: ${Math.round(rowsPerSecond)} rows/s.`,
    );
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    console.error(`An email ${values.prefix}<n>@seed.example is taken (the batches before it stay): seed with another --prefix.`);
    process.exitCode = 1;
  } finally {
    await orm.close();
  }
}

if (import.meta.main) await main();
