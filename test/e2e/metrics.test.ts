import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, sqliteBackend } from '../support/databases.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';
import { redisAvailable, redisUrl } from '../support/redis.ts';
import { serverForSuite, startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

/** The support documents are anonymous; a client names its operations, which the metrics ignore. */
const named = (name: string, document: string) => document.replace(/^(mutation|query)? ?/, (_, type) => `${type ?? 'query'} ${name} `);

async function scrape(origin: string) {
  const response = await fetch(`${origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await response.text());
}

const ada = { email: 'ada@example.com', password: 'correct horse battery' };
const wrong = { ...ada, password: 'wrong horse battery' };
const grace = { email: 'grace@example.com', password: 'correct horse battery' };

describe.each(databaseBackends)('GET /metrics after a lifecycle on $name', ({ available, create }) => {
  const suite = serverForSuite(create, { AUTH_MAX_FAILURES_PER_EMAIL: '2', CREATE_USER_MAX_PER_IP: '1' });

  it.skipIf(!available)('counts every outcome, refusal, hash and request by its exact number', async () => {
    const send = (name: string, document: string, input: object) => suite.server.graphql(named(name, document), { input });
    const steps: [string, string, object, string][] = [
      ['CreateUser', CREATE_USER, { ...ada, name: 'Ada', surname: 'Lovelace' }, 'User'], // a hash
      ['CreateUser', CREATE_USER, { ...grace, name: 'Grace', surname: 'Hopper' }, 'TooManyAttemptsError'], // one sign-up per address
      ['Activate', ACTIVATE, wrong, 'InvalidCredentialsError'], // a verify
      ['Activate', ACTIVATE, ada, 'User'], // a verify; clears the email's count
      ['SignIn', SIGN_IN, ada, 'SignInPayload'], // a verify
      ['SignIn', SIGN_IN, wrong, 'InvalidCredentialsError'], // a verify
      ['SignIn', SIGN_IN, wrong, 'InvalidCredentialsError'], // a verify; the email's second failure
      ['SignIn', SIGN_IN, ada, 'TooManyAttemptsError'], // refused before any verify
      ['SignIn', SIGN_IN, { email: 'not an email', password: 'x' }, 'ValidationError'],
    ];
    let token = '';
    for (const [name, document, input, typename] of steps) {
      const { body } = await send(name, document, input);
      const result = Object.values(body.data as Record<string, { __typename: string; token?: string }>)[0]!;
      expect(result.__typename).toBe(typename);
      token = result.token ?? token;
    }
    const me = await suite.server.graphql(named('Me', ME), {}, { authorization: `Bearer ${token}` });
    expect(me.body.data.me.email).toBe(ada.email);
    await suite.server.graphql('{ me { id } }');

    const samples = await scrape(suite.server.origin);
    expect(valuesOf(samples, 'credential_outcomes_total')).toEqual({
      'createUser User': 1,
      'createUser TooManyAttemptsError': 1,
      'activate InvalidCredentialsError': 1,
      'activate User': 1,
      'signIn SignInPayload': 1,
      'signIn InvalidCredentialsError': 2,
      'signIn TooManyAttemptsError': 1,
      'signIn ValidationError': 1,
    });
    expect(valuesOf(samples, 'rate_limit_refusals_total')).toEqual({
      credentialFailuresPerEmail: 1,
      credentialFailuresPerIp: 0,
      signUpsPerIp: 1,
      writesPerAccount: 0,
      rotationsPerAccount: 0,
    });
    expect(valuesOf(samples, 'rate_limit_store_fallbacks_total')).toEqual({
      credentialFailuresPerEmail: 0,
      credentialFailuresPerIp: 0,
      signUpsPerIp: 0,
      writesPerAccount: 0,
    });
    expect(valuesOf(samples, 'password_hash_duration_seconds_count')).toEqual({ hash: 1, verify: 5 });
    expect(valuesOf(samples, 'password_hash_operations')).toEqual({ running: 0, queued: 0 });
    expect(valuesOf(samples, 'graphql_request_duration_seconds_count')).toEqual({
      'mutation:createUser': 2,
      'mutation:activate': 2,
      'mutation:signIn': 5,
      'query:me': 2,
    });
    expect(valuesOf(samples, 'process_cpu_user_seconds_total')['']).toBeGreaterThan(0);
    // None of the plugin's other metrics: no per-phase or per-resolver series.
    expect(samples.filter((sample) => sample.name.startsWith('graphql_envelop') || sample.name.startsWith('graphql_yoga'))).toEqual([]);
  });

  it.skipIf(!available)('shows the PostgreSQL pools in use and idle, and no pool on SQLite', async () => {
    const samples = await scrape(suite.server.origin);
    const pools = [...new Set(samples.filter((sample) => sample.name.startsWith('database_pool_')).map((sample) => sample.name))];
    if (suite.database.url.startsWith('sqlite:')) {
      expect(pools).toEqual([]);
      return;
    }
    expect(pools.sort()).toEqual(['database_pool_connections', 'database_pool_max_connections', 'database_pool_waiting_queries']);
    const connections = valuesOf(samples, 'database_pool_connections');
    expect(connections).toMatchObject({ 'orm in_use': 0, 'rateLimitStore in_use': 0 });
    expect(connections['orm idle']).toBeGreaterThanOrEqual(0);
    expect(valuesOf(samples, 'database_pool_waiting_queries')).toEqual({ orm: 0, rateLimitStore: 0 });
    expect(valuesOf(samples, 'database_pool_max_connections')).toMatchObject({ rateLimitStore: 4 });
  });
});

describe('the operations a client makes up', () => {
  const suite = serverForSuite(sqliteBackend.create);
  const requestCounts = async () => valuesOf(await scrape(suite.server.origin), 'graphql_request_duration_seconds_count');
  const send = (query: string, operationName?: string) =>
    fetch(`${suite.server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, operationName }),
    }).then((response) => response.text());

  it('take no series from the operations that follow: a request is counted by its type and root fields', async () => {
    for (let n = 1; n <= 101; n++) await send(`query Junk${n} { me { id } }`);
    await send(named('Dashboard', ME));
    expect(await requestCounts()).toEqual({ 'query:me': 102 });
  });

  it('label aliases, fragments, meta fields and many root fields by field name, and every broken document as invalid', async () => {
    const before = await requestCounts();
    await send('{ a: me { id } b: me { id } }');
    await send('query Both { ...Directory me { id } } fragment Directory on Query { users { __typename } }');
    await send('{ __typename me { id } users { __typename } webhookDeliveries { __typename } }');
    await send('{ __typename }');
    await send('{ __schema { queryType { name } } }');
    await send('mutation { __typename }');
    await send('query A { me { id } } query B { __typename }', 'B');
    await send('query A { me { id } } query B { __typename }'); // which one to run?
    await send('{ junk }');
    await send('{ me {');
    await send('{ me {'); // a second time, from Yoga's cache of failed parses
    expect(await requestCounts()).toEqual({
      ...before,
      'query:me': (before['query:me'] ?? 0) + 1,
      'query:me,users': 1,
      'query:(several)': 1,
      'query:__typename': 2,
      'query:__schema': 1,
      'mutation:__typename': 1,
      invalid: 4,
    });
  });
});

describe('METRICS=false', () => {
  const suite = serverForSuite(sqliteBackend.create, { METRICS: 'false' });

  it('serves no /metrics, and starts no metrics server', async () => {
    expect((await fetch(`${suite.server.origin}/metrics`)).status).toBe(404);
    expect(suite.server.metricsOrigin).toBeUndefined();
  });
});

describe('in production', () => {
  const cleanups = cleanupsAfterEach();

  it('serves the metrics on METRICS_PORT only, answers 404 on the API port, and closes both', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const server = await startServer({ DATABASE_URL: database.url, NODE_ENV: 'production', METRICS_PORT: '0' });
    cleanups.push(() => server.close());
    const metricsOrigin = server.metricsOrigin!;
    expect(metricsOrigin).not.toBe(server.origin);

    expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
    await server.graphql(named('Me', ME));
    expect(valuesOf(await scrape(metricsOrigin), 'graphql_request_duration_seconds_count')).toEqual({ 'query:me': 1 });
    expect((await fetch(`${metricsOrigin}/graphql`)).status).toBe(404);
    expect((await fetch(`${metricsOrigin}/health`)).status).toBe(404);
    const post = await fetch(`${metricsOrigin}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);

    await server.close();
    await expect(fetch(`${metricsOrigin}/metrics`)).rejects.toThrow();
  });
});

describe.skipIf(!redisAvailable)('while Redis is cut off', () => {
  const cleanups = cleanupsAfterEach();

  it('counts each rate-limit operation kept in memory instead, by limit', async () => {
    const proxy = await startFaultProxy({ host: new URL(redisUrl).hostname, port: Number(new URL(redisUrl).port || 6379) });
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(redisUrl);
    viaProxy.port = String(proxy.port);
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const server = await startServer({ DATABASE_URL: database.url, REDIS_URL: viaProxy.toString() });
    cleanups.push(() => server.close());
    const lin = { email: `lin-${crypto.randomUUID()}@example.com`, password: 'correct horse battery' };
    await server.graphql(CREATE_USER, { input: { ...lin, name: 'Lin', surname: 'Ye' } });

    await proxy.cut();
    await until(async () => (await (await fetch(`${server.origin}/ready`)).json()).checks.rateLimitStore === 'down', patienceMs);
    const { body } = await server.graphql(SIGN_IN, { input: { ...lin, password: 'wrong horse battery' } });
    expect(body.data.signIn.__typename).toBe('InvalidCredentialsError');

    // The address and the email were each counted once, in memory; a failure gives nothing back.
    expect(valuesOf(await scrape(server.origin), 'rate_limit_store_fallbacks_total')).toEqual({
      credentialFailuresPerEmail: 1,
      credentialFailuresPerIp: 1,
      signUpsPerIp: 0,
      writesPerAccount: 0,
    });
  });
});
