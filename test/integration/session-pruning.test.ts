import { MikroORM } from '@mikro-orm/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/domain/session.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { MikroOrmSessionStore } from '../../src/infrastructure/mikro-orm/sessions/session-store.ts';
import { type PrunableSessions, scheduleSessionPruning } from '../../src/infrastructure/sessions/session-pruning.ts';
import { capturingLogger } from '../support/capturing-logger.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { type DatabaseBackend, databaseBackends, openMigratedOrm, postgresBackend, sqliteBackend } from '../support/databases.ts';
import { patienceMs } from '../support/patience.ts';
import { waitingForLocks } from '../support/postgres.ts';
import {
  countingBatches,
  day,
  later,
  mikroOrmSessions,
  type SessionsUnderTest,
  signedIn,
  signedInAndOut,
  start,
  storedUser,
} from '../support/sessions.ts';
import { until } from '../support/until.ts';

const hour = 3600;
/** A prune that chooses a session signed in at `start` and never used: its idle end (14 days) has passed. */
const idleCutoff = later(start, 14 * day + 1);
/** A refresh a second before that idle end, as another instance with a clock behind would write it. */
const refreshedAt = later(start, 14 * day - 1);
/** What that refresh's rotation writes: its time (rotated, last used), and the idle end it moves on. */
const rotation = [refreshedAt, later(refreshedAt, 14 * day)] as const;

/** How many session rows the database holds. */
const rows = (orm: MikroORM) => orm.em.fork().count(Session, {});

/** Runs the service's pruning once at `now` (it prunes at once; stop() waits for that round); answers its log lines. */
async function pruneOnce(sessions: PrunableSessions, now: Date, batchSize: number) {
  const { logger, lines } = capturingLogger();
  await scheduleSessionPruning({ sessions, logger, batchSize, now: () => now }).stop();
  return lines;
}

/** A backend's databases and service instances for one describe block, dropped and closed after each test. */
function instancesOn(backend: DatabaseBackend) {
  const cleanups = cleanupsAfterEach();

  async function database(): Promise<string> {
    const created = await backend.create();
    cleanups.push(() => created.drop());
    return created.url;
  }

  /** One service instance on the database: its ORM, migrated, and its session adapters. */
  async function instance(url: string) {
    const orm = await openMigratedOrm(url);
    cleanups.push(() => orm.close());
    return { orm, adapter: mikroOrmSessions(orm) };
  }

  /** An ORM on the database that hands each statement to `onQuery` before running it. */
  async function watched(url: string, onQuery: (sql: string, params: readonly unknown[]) => void) {
    const orm = await MikroORM.init({
      ...ormConfig(url),
      onQuery: (sql, params) => {
        onQuery(sql, params);
        return sql;
      },
    });
    cleanups.push(() => orm.close());
    return new MikroOrmSessionStore(orm);
  }

  /** A session signed in at `start` and never used. */
  async function oneSession(adapter: SessionsUnderTest) {
    return (await signedIn(adapter, await storedUser(adapter, 'race@example.com'), start)).session;
  }

  return { cleanups, database, instance, watched, oneSession };
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`session pruning on ${backend.name}`, () => {
    const { database, instance } = instancesOn(backend);

    it('keeps every row of a sign-in and sign-out loop until the pruning runs an hour after each sign-out; then only the live ones', async () => {
      const { orm, adapter } = await instance(await database());
      const user = await storedUser(adapter, 'loop@example.com');
      await signedInAndOut(adapter, user, 10, start);
      const live = await signedIn(adapter, user, later(start, 10));
      expect(await rows(orm)).toBe(11);

      const { sessions, batches } = countingBatches(adapter.sessionStore);
      // An hour after the ninth sign-out: the first nine go, four at a time.
      expect(await pruneOnce(sessions, later(start, 9 + hour), 4)).toEqual([
        expect.objectContaining({ level: 30, msg: 'sessions pruned', deleted: 9, cutoff: later(start, 9).toISOString() }),
      ]);
      expect(batches).toEqual([4, 4, 1]);
      expect(await rows(orm)).toBe(2);
      expect(await pruneOnce(adapter.sessionStore, later(start, 10 + hour), 4)).toEqual([
        expect.objectContaining({ msg: 'sessions pruned', deleted: 1 }),
      ]);
      expect(await pruneOnce(adapter.sessionStore, later(start, 10 + hour), 4)).toEqual([]);
      expect(await rows(orm)).toBe(1);
      expect(await adapter.sessionStore.findById(live.session.id)).not.toBeNull();
    });

    it('deletes each row once when two instances prune at once: their counts add up to the rows over', async () => {
      const url = await database();
      const [one, two] = [await instance(url), await instance(url)];
      const user = await storedUser(one.adapter, 'two@example.com');
      await signedInAndOut(one.adapter, user, 12, start);
      await signedIn(one.adapter, user, start);
      const now = later(start, day);
      const lines = await Promise.all([pruneOnce(one.adapter.sessionStore, now, 5), pruneOnce(two.adapter.sessionStore, now, 5)]);
      expect(lines.flat().reduce((sum, line) => sum + (line.deleted as number), 0)).toBe(12);
      expect(await rows(one.orm)).toBe(1);
    });
  });
}

describe('session pruning racing a refresh on SQLite', () => {
  const { cleanups, database, instance, watched, oneSession } = instancesOn(sqliteBackend);

  it('keeps a session a refresh extended after the prune chose it and before its delete', async () => {
    const url = await database();
    const { adapter } = await instance(url);
    const session = await oneSession(adapter);
    // Another connection to the file, as another process has, rotates the session (as MikroOrmSessionStore.rotate)...
    const other = new Database(url.slice('sqlite:'.length));
    cleanups.push(async () => other.close());
    const rotate = other.prepare(
      'update sessions set refresh_counter = 1, rotated_at = ?, last_used_at = ?, idle_expires_at = ? where id = ? and refresh_counter = 0 and ended_at is null',
    );
    // ...committed just before the prune's delete, after its choice.
    let raced = false;
    const store = await watched(url, (sql) => {
      if (!raced && /^delete from .?sessions/.test(sql)) {
        const [at, idleEnd] = rotation.map((date) => date.getTime());
        raced = rotate.run(at, at, idleEnd, session.id).changes === 1;
      }
    });
    expect(await store.prune(idleCutoff, 100)).toBe(0);
    expect(raced).toBe(true);
    expect(await adapter.sessionStore.findById(session.id)).toMatchObject({ refreshCounter: 1, idleExpiresAt: rotation[1] });
  });
});

describe.skipIf(!postgresBackend.available)('session pruning on PostgreSQL: a racing refresh, and the indexes', () => {
  const { cleanups, database, instance, watched, oneSession } = instancesOn(postgresBackend);

  it("keeps a session a refresh extended while the prune's delete waited for its row lock", async () => {
    const url = await database();
    const { orm, adapter } = await instance(url);
    const session = await oneSession(adapter);
    // Another instance's refresh rotates the session (as MikroOrmSessionStore.rotate) and has not committed yet.
    const refresh = new pg.Client({ connectionString: url });
    await refresh.connect();
    cleanups.push(() => refresh.end());
    await refresh.query('begin');
    const rotated = await refresh.query(
      'update sessions set refresh_counter = 1, rotated_at = $1, last_used_at = $1, idle_expires_at = $2 where id = $3 and refresh_counter = 0 and ended_at is null',
      [...rotation, session.id],
    );
    expect(rotated.rowCount).toBe(1);
    // The prune chooses the row as it was committed (idle past the cutoff), and its delete waits.
    const pruned = adapter.sessionStore.prune(idleCutoff, 100);
    await until(async () => (await waitingForLocks(orm)) === 1, patienceMs);
    await refresh.query('commit');
    expect(await pruned).toBe(0);
    expect(await adapter.sessionStore.findById(session.id)).toMatchObject({ refreshCounter: 1, idleExpiresAt: rotation[1] });
  });

  it('chooses and deletes through indexes, never reading the whole table', async () => {
    const url = await database();
    const { orm, adapter } = await instance(url);
    await signedInAndOut(adapter, await storedUser(adapter, 'plans@example.com'), 3, start);
    const statements: { sql: string; params: readonly unknown[] }[] = [];
    const store = await watched(url, (sql, params) => void (/ "sessions"/.test(sql) && statements.push({ sql, params })));
    expect(await store.prune(later(start, hour), 100)).toBe(3);
    expect(statements.map(({ sql }) => sql.split(' ')[0])).toEqual(['select', 'delete']);
    const plans = await orm.em.fork().transactional(async (em) => {
      // A table this small is cheaper to read whole: only an index the statement cannot use leaves a Seq Scan now.
      const run = (sql: string, params: readonly unknown[] = []) =>
        em.getConnection().execute(sql, [...params], 'all', em.getTransactionContext());
      await run('set local enable_seqscan = off');
      const explained = [];
      for (const { sql, params } of statements) {
        const rows: { 'QUERY PLAN': string }[] = await run(`explain ${sql}`, params);
        explained.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
      }
      return explained;
    });
    expect(plans[0]).toMatch(/Bitmap Index Scan on sessions_ended_at_index[\s\S]*Bitmap Index Scan on sessions_idle_expires_at_index/);
    expect(plans[1]).toMatch(/Index Scan (using|on) sessions_pkey/);
    for (const plan of plans) expect(plan).not.toContain('Seq Scan');
  });
});
