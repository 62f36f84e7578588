import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend } from '../support/databases.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { activeUser, bearer, graphql } from '../support/graphql-client.ts';
import { ME, SIGN_IN } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';
import { redisAvailable, redisUrl } from '../support/redis.ts';
import { logLines, type ServerProcess, startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const password = 'correct horse';
const masked = [
  { message: 'Unexpected error.', locations: expect.any(Array), path: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR' } },
];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups = cleanupsAfterEach();

async function proxyTo(port: number): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ host: '127.0.0.1', port });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A server process on a database of its own, reached through a fault proxy. */
async function serverBehindProxy(connectTimeoutMs: string) {
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  const proxy = await proxyTo(5432);
  const url = new URL(database.url);
  url.port = String(proxy.port);
  return {
    proxy,
    ...(await startServer(
      { DATABASE_URL: url.toString(), DATABASE_CONNECT_TIMEOUT_MS: connectTimeoutMs },
      { in: 'child process', cleanups },
    )),
  };
}

/** The ORM pool's open connections, busy or idle, as the server's /metrics reports them. */
async function ormConnections(origin: string): Promise<number> {
  const connections = valuesOf(parsePrometheusText(await (await fetch(`${origin}/metrics`)).text()), 'database_pool_connections');
  return (connections['orm in_use'] ?? Number.NaN) + (connections['orm idle'] ?? Number.NaN);
}

/** Log lines at warn (40) and above, by message. */
const warnings = (app: ServerProcess) =>
  logLines(app)
    .filter((line) => line.level >= 40)
    .map((line) => `${line.level} ${line.msg}`);
const said = (app: ServerProcess, message: string) => logLines(app).filter((line) => line.msg === message).length;

const databaseDown = '50 database unreachable: requests that need it fail until it answers again';
const storeDown = '40 rateLimitStore unreachable: rate limits count in memory on this instance until it answers again';

describe.skipIf(!postgresAvailable)('PostgreSQL cut off and restored three times', () => {
  it('costs the requests made during each cut, fast and masked, and never the process', async () => {
    const { proxy, app, origin } = await serverBehindProxy('1000');
    const { email, token } = await activeUser(origin);

    for (let cut = 1; cut <= 3; cut++) {
      await proxy.cut();
      await pause(100); // the pools' idle connections die now, with no request in flight
      const me = await graphql(origin, ME, {}, bearer(token));
      expect(me.body).toEqual({ data: { me: null }, errors: masked });
      expect(me.ms).toBeLessThan(1000);
      const signIn = await graphql(origin, SIGN_IN, { input: { email, password } });
      expect(signIn.body).toEqual({ data: null, errors: masked });
      expect(`${me.text}${signIn.text}`).not.toMatch(/ECONN|127\.0\.0\.1|pg|sql|stack/i);
      expect((await fetch(`${origin}/health`)).status).toBe(200);

      await proxy.restore();
      await until(async () => (await graphql(origin, ME, {}, bearer(token))).body.data?.me?.email === email, patienceMs);
      expect((await graphql(origin, SIGN_IN, { input: { email, password } })).body.data.signIn.__typename).toBe('SignInPayload');
      await until(
        async () => said(app, 'rateLimitStore reachable again') === cut && said(app, 'database reachable again') === cut,
        patienceMs,
      );
    }

    expect(app.child.exitCode).toBeNull();
    expect(warnings(app).sort()).toEqual([...Array(3).fill(databaseDown), ...Array(3).fill(storeDown)].sort());
  });

  it('fails a request within DATABASE_CONNECT_TIMEOUT_MS when the network goes silent', async () => {
    const { proxy, app, origin } = await serverBehindProxy('500');
    const { token } = await activeUser(origin);

    await proxy.stall();
    // Until the server has read the resets, its pool may hand out an idle connection already
    // dead, and the request fails at once: it must meet an empty pool and wait for a new one.
    await until(async () => (await ormConnections(origin)) === 0, patienceMs);
    // Answered while the network is still silent: the server gave up on its own, after its timeout.
    const me = await graphql(origin, ME, {}, bearer(token));
    expect(me.body).toEqual({ data: { me: null }, errors: masked });
    expect(me.ms).toBeGreaterThanOrEqual(450);
    await proxy.restore();
    await until(async () => (await graphql(origin, ME, {}, bearer(token))).body.data?.me !== null, patienceMs);
    expect(app.child.exitCode).toBeNull();
  });

  it('cancels a statement that passes DATABASE_STATEMENT_TIMEOUT_MS, and logs it as an unexpected error, not an outage', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { DATABASE_URL: database.url, DATABASE_STATEMENT_TIMEOUT_MS: '300' },
      { in: 'child process', cleanups },
    );
    const { email, token } = await activeUser(origin);

    // Another session holds the table, so the next read waits for a lock that does not come.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('begin; lock table users in access exclusive mode');
    // Answered while the lock is still held: the statement was cancelled, after its timeout.
    const me = await graphql(origin, ME, {}, bearer(token));
    await locker.query('rollback');
    await locker.end();
    expect(me.body).toEqual({ data: { me: null }, errors: masked });
    expect(me.ms).toBeGreaterThanOrEqual(250);
    expect((await graphql(origin, ME, {}, bearer(token))).body.data.me.email).toBe(email);
    expect(app.child.exitCode).toBeNull();
    // 57014 is a code an outage raises too, but the probe found the database answering: one failed
    // statement, logged as such once the probe said so, and nobody paged.
    await until(() => said(app, 'unexpected error') === 1, patienceMs);
    expect(warnings(app)).toEqual(['50 unexpected error']);
    expect(logLines(app).find((line) => line.msg === 'unexpected error')?.err).toEqual({
      type: 'DatabaseError',
      code: '57014',
      path: ['me'],
    });
  });
});

describe.skipIf(!redisAvailable)('Redis cut off and restored three times', () => {
  it('counts failures in memory meanwhile, warns once a cut, and counts in Redis again after', async () => {
    const sqlite = await sqliteBackend.create();
    cleanups.push(() => sqlite.drop());
    const redis = new URL(redisUrl);
    const proxy = await proxyTo(Number(redis.port || 6379));
    redis.port = String(proxy.port);
    const { app, origin } = await startServer(
      {
        DATABASE_URL: sqlite.url,
        REDIS_URL: redis.toString(),
        AUTH_MAX_FAILURES_PER_EMAIL: '3',
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
      },
      { in: 'child process', cleanups },
    );
    const direct = new Redis(redisUrl);
    cleanups.push(async () => direct.quit());
    const wrong = (email: string) => graphql(origin, SIGN_IN, { input: { email, password: 'wrong horse' } });

    for (let cut = 1; cut <= 3; cut++) {
      const during = await activeUser(origin);
      await proxy.cut();
      for (let i = 0; i < 3; i++) expect((await wrong(during.email)).body.data.signIn.__typename).toBe('InvalidCredentialsError');
      expect((await wrong(during.email)).body.data.signIn.__typename).toBe('TooManyAttemptsError');
      expect(await direct.get(`fail_email:${during.email}`)).toBeNull();

      await proxy.restore();
      await until(async () => said(app, 'rateLimitStore reachable again') === cut, patienceMs);
      const after = await activeUser(origin);
      expect((await wrong(after.email)).body.data.signIn.__typename).toBe('InvalidCredentialsError');
      expect(await direct.get(`fail_email:${after.email}`)).toBe('1');
    }

    expect(app.child.exitCode).toBeNull();
    expect(warnings(app)).toEqual(Array(3).fill(storeDown));
  });
});
