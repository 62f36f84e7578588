import { Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { isConnectionFault } from '../../src/infrastructure/databases/database-faults.ts';
import { DependencyStatus } from '../../src/infrastructure/dependency-status.ts';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { patienceMs } from '../support/patience.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { until } from '../support/until.ts';

const cleanups = cleanupsAfterEach();

/** An ORM on a PostgreSQL database of its own, through a fault proxy, and its status as the app probes it. */
async function probedDatabase() {
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
  cleanups.push(() => proxy.close());
  const url = new URL(database.url);
  url.port = String(proxy.port);
  const orm = await MikroORM.init(ormConfig(url.toString()));
  cleanups.push(() => orm.close());
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (line, _encoding, done) => done(void lines.push(String(line))) }));
  const options = { name: 'database', whileDown: 'requests that need it fail', level: 'error' as const, timeoutMs: 1000 };
  const status = new DependencyStatus({ ...options, probe: async () => void (await orm.em.getConnection().execute('select 1')) }, logger);
  cleanups.push(async () => status.stop());
  const logged = () => lines.map((line) => JSON.parse(line)).map(({ level, msg }) => `${level} ${msg}`);
  /** What a statement on the ORM's pool throws. */
  const failureOf = (sql: string, values: unknown[] = []) =>
    orm.em
      .getConnection()
      .execute(sql, values)
      .then(
        () => expect.fail(`${sql} succeeded`),
        (error: unknown) => error as Error & { code?: string },
      );
  return { orm, proxy, status, logged, failureOf };
}

describe.skipIf(!postgresAvailable)('a database error as an outage, on PostgreSQL', () => {
  it('is not a NUL byte that PostgreSQL refused in a statement (08P01): the connection answers the next one', async () => {
    const { orm, failureOf } = await probedDatabase();
    const refused = await failureOf('select ? as text', ['a\u0000']);
    expect(refused.code).toBe('08P01');
    expect(isConnectionFault(refused)).toBe(false);
    expect(await orm.em.getConnection().execute('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('is not a connection ended under one statement while the database answers: the probe clears it, nothing logged', async () => {
    const { status, logged, failureOf } = await probedDatabase();
    const ended = await failureOf('select pg_terminate_backend(pg_backend_pid())');
    expect(ended.code).toBe('57P01');
    expect(isConnectionFault(ended)).toBe(true);
    // Requests failing together share the probe, and hear its answer: not down. (Its first try may
    // meet the ended connection, still in the pool: only a second failure in a row would count.)
    expect(await Promise.all([status.suspect(), status.suspect()])).toEqual([false, false]);
    expect(status.up).toBe(true);
    expect(logged()).toEqual([]);
  });

  it('is a database gone, once the probe fails too: logged once when it starts and once when it ends', async () => {
    const { proxy, status, logged, failureOf } = await probedDatabase();
    await proxy.cut();
    expect(isConnectionFault(await failureOf('select 1'))).toBe(true);
    expect(await Promise.all([status.suspect(), status.suspect()])).toEqual([true, true]);
    // Known down: the next failure is taken up at once, with no probe.
    expect(status.suspect()).toBe(true);
    await proxy.restore();
    await until(() => status.up, patienceMs);
    expect(logged()).toEqual(['50 database unreachable: requests that need it fail', '30 database reachable again']);
  });
});
