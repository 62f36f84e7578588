import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../support/operations.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { redisAvailable, redisUrl } from '../support/redis.ts';
import { logLines, type SpawnedApp, spawnApp } from '../support/spawn-app.ts';

const cheapArgon2 = { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '2', ARGON2_PARALLELISM: '1' };
const password = 'correct horse';
const masked = [{ message: 'Unexpected error.', locations: expect.any(Array), path: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function startApp(environment: NodeJS.ProcessEnv): Promise<{ app: SpawnedApp; origin: string }> {
  const app = spawnApp({ JWT_SECRET: 'fault-test-secret', ...cheapArgon2, ...environment });
  cleanups.push(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await app.exitCode;
  });
  const origin = await app.origin;
  if (!origin) throw new Error(`the server did not start: ${app.stderr()}`);
  return { app, origin };
}

async function proxyTo(port: number): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ host: '127.0.0.1', port });
  cleanups.push(() => proxy.close());
  return proxy;
}

async function graphql(origin: string, query: string, variables: object = {}, token?: string) {
  const started = performance.now();
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text), ms: performance.now() - started };
}

async function activeUser(origin: string) {
  const email = `${randomUUID()}@doe.com`;
  const input = { email, password };
  expect((await graphql(origin, CREATE_USER, { input: { ...input, name: 'F', surname: 'T' } })).body.data.createUser.__typename).toBe('User');
  expect((await graphql(origin, ACTIVATE, { input })).body.data.activate.__typename).toBe('User');
  const { token } = (await graphql(origin, SIGN_IN, { input })).body.data.signIn;
  return { email, token: token as string };
}

/** Polls until `attempt` passes; the time it took. */
async function until(attempt: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (!(await attempt())) {
    if (performance.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await pause(25);
  }
  return performance.now() - started;
}

/** Log lines at warn (40) and above, by message. */
const warnings = (app: SpawnedApp) => logLines(app).filter((line) => line.level >= 40).map((line) => `${line.level} ${line.msg}`);
const said = (app: SpawnedApp, message: string) => logLines(app).filter((line) => line.msg === message).length;

const databaseDown = '50 database unreachable: requests that need it fail until it answers again';
const storeDown = '40 rateLimitStore unreachable: rate limits count in memory on this instance until it answers again';

describe.skipIf(!postgresAvailable)('PostgreSQL cut off and restored three times', () => {
  it('costs the requests made during each cut, fast and masked, and never the process', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const proxy = await proxyTo(5432);
    const url = new URL(database.url);
    url.port = String(proxy.port);
    const { app, origin } = await startApp({ DATABASE_URL: url.toString(), DATABASE_CONNECT_TIMEOUT_MS: '1000' });
    const { email, token } = await activeUser(origin);

    for (let cut = 1; cut <= 3; cut++) {
      await proxy.cut();
      await pause(100); // the pools' idle connections die now, with no request in flight
      const me = await graphql(origin, ME, {}, token);
      expect(me.body).toEqual({ data: { me: null }, errors: masked });
      expect(me.ms).toBeLessThan(1000);
      const signIn = await graphql(origin, SIGN_IN, { input: { email, password } });
      expect(signIn.body).toEqual({ data: null, errors: masked });
      expect(`${me.text}${signIn.text}`).not.toMatch(/ECONN|127\.0\.0\.1|pg|sql|stack/i);
      expect((await fetch(`${origin}/health`)).status).toBe(200);

      await proxy.restore();
      await until(async () => (await graphql(origin, ME, {}, token)).body.data?.me?.email === email, 5000);
      expect((await graphql(origin, SIGN_IN, { input: { email, password } })).body.data.signIn.__typename).toBe('SignInPayload');
      await until(async () => said(app, 'rateLimitStore reachable again') === cut && said(app, 'database reachable again') === cut, 3000);
    }

    expect(app.child.exitCode).toBeNull();
    expect(warnings(app).sort()).toEqual([...Array(3).fill(databaseDown), ...Array(3).fill(storeDown)].sort());
  });

  it('fails a request within DATABASE_CONNECT_TIMEOUT_MS when the network goes silent', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const proxy = await proxyTo(5432);
    const url = new URL(database.url);
    url.port = String(proxy.port);
    const { app, origin } = await startApp({ DATABASE_URL: url.toString(), DATABASE_CONNECT_TIMEOUT_MS: '500' });
    const { token } = await activeUser(origin);

    await proxy.stall();
    const me = await graphql(origin, ME, {}, token);
    expect(me.body).toEqual({ data: { me: null }, errors: masked });
    expect(me.ms).toBeGreaterThanOrEqual(450);
    expect(me.ms).toBeLessThan(1500);
    await proxy.restore();
    await until(async () => (await graphql(origin, ME, {}, token)).body.data?.me !== null, 5000);
    expect(app.child.exitCode).toBeNull();
  });

  it('cancels a statement that passes DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const { app, origin } = await startApp({ DATABASE_URL: database.url, DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    const { email, token } = await activeUser(origin);

    // Another session holds the table, so the next read waits for a lock that does not come.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('begin; lock table users in access exclusive mode');
    const me = await graphql(origin, ME, {}, token);
    await locker.query('rollback');
    await locker.end();
    expect(me.body).toEqual({ data: { me: null }, errors: masked });
    expect(me.ms).toBeGreaterThanOrEqual(250);
    expect(me.ms).toBeLessThan(1500);
    expect((await graphql(origin, ME, {}, token)).body.data.me.email).toBe(email);
    expect(app.child.exitCode).toBeNull();
  });
});

describe.skipIf(!redisAvailable)('Redis cut off and restored three times', () => {
  it('counts failures in memory meanwhile, warns once a cut, and counts in Redis again after', async () => {
    const sqlite = await databaseBackends[0]!.create();
    cleanups.push(() => sqlite.drop());
    const redis = new URL(redisUrl);
    const proxy = await proxyTo(Number(redis.port || 6379));
    redis.port = String(proxy.port);
    const { app, origin } = await startApp({
      DATABASE_URL: sqlite.url,
      REDIS_URL: redis.toString(),
      AUTH_MAX_FAILURES_PER_EMAIL: '3',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
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
      await until(async () => said(app, 'rateLimitStore reachable again') === cut, 5000);
      const after = await activeUser(origin);
      expect((await wrong(after.email)).body.data.signIn.__typename).toBe('InvalidCredentialsError');
      expect(await direct.get(`fail_email:${after.email}`)).toBe('1');
    }

    expect(app.child.exitCode).toBeNull();
    expect(warnings(app)).toEqual(Array(3).fill(storeDown));
  });
});
