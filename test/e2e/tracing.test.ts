import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseBackend, postgresBackend, sqliteBackend, type TestDatabase } from '../support/databases.ts';
import { type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { spawnServer } from '../support/server.ts';

/** The server as `npm start` runs it, with a preload that says on stderr each OpenTelemetry module it resolves. */
const tracedMain = [process.execPath, '--import', './test/support/opentelemetry-loads.ts', 'src/main.ts'];
const caller = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const email = 'traced@example.com';
const CREATE_USER = 'mutation CreateUser($input: UserDetailsInput!) { createUser(input: $input) { __typename } }';

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function database(backend: DatabaseBackend): Promise<TestDatabase> {
  const created = await backend.create();
  cleanups.push(created.drop);
  return created;
}

async function receiver() {
  const started = await startOtlpReceiver();
  cleanups.push(started.close);
  return started;
}

/** Signs up once, as a caller whose own span is `caller`; then stops the server, which sends what it holds. */
async function signUpAndStop(environment: NodeJS.ProcessEnv) {
  const app = spawnServer(environment, { command: tracedMain });
  const origin = await app.origin;
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${caller.traceId}-${caller.spanId}-01` },
    body: JSON.stringify({
      query: CREATE_USER,
      variables: { input: { email, password: 'correct horse', name: 'Ada', surname: 'Lovelace' } },
    }),
  });
  expect(await response.json()).toEqual({ data: { createUser: { __typename: 'User' } } });
  app.child.kill('SIGTERM');
  expect(await app.exitCode).toBe(0);
  return app;
}

describe.skipIf(!postgresBackend.available)('OpenTelemetry tracing, on PostgreSQL', () => {
  it('sends the request → operation → parse, validate, execute → query spans under the caller’s traceparent, by SIGTERM at the latest', async () => {
    const { url } = await database(postgresBackend);
    const collector = await receiver();
    // The default 5 s between batches: the spans can only have come with the shutdown.
    const app = await signUpAndStop({
      DATABASE_URL: url,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    // What the tests of tracing off rely on: the preload sees the SDK when it is loaded.
    expect(app.stderr()).toContain('/node_modules/@opentelemetry/sdk-trace/');

    const spans = collector.spans.filter((span) => span.traceId === caller.traceId);
    const byName = (name: string) => spans.filter((span) => span.name === name);
    const [request] = byName('POST /graphql');
    expect(request).toMatchObject({
      parentSpanId: caller.spanId,
      kind: 2, // SERVER
      attributes: { 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 },
      service: 'user-management-graphql',
    });
    const [operation] = byName('mutation CreateUser');
    expect(operation).toMatchObject({
      parentSpanId: request!.spanId,
      attributes: { 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'CreateUser' },
    });
    const childrenOf = (parent: ReceivedSpan | undefined) =>
      spans
        .filter((span) => span.parentSpanId === parent?.spanId)
        .sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)))
        .map((span) => span.name);
    expect(childrenOf(operation)).toEqual(['graphql.parse', 'graphql.validate', 'graphql.execute']);
    const databaseName = new URL(url).pathname.slice(1);
    expect(childrenOf(byName('graphql.execute')[0]).filter((name) => name.startsWith('pg.query:'))).toEqual(
      [
        'auth_rate_limits:rlflx-upsert', // the sign-up limit per address
        'SELECT', // the email taken?
        'BEGIN',
        'INSERT', // the user
        'INSERT', // its UserCreated event, in the outbox
        'COMMIT',
      ].map((operation) => `pg.query:${operation} ${databaseName}`),
    );
    // The statements' shapes, never their values: no email, no password hash.
    const texts = spans.map((span) => String(span.attributes['db.query.text'] ?? ''));
    expect(texts.find((text) => text.startsWith('insert into "users"'))).toContain('values (?, ?, ?, ?, ?, false, ?, 0, null');
    expect(texts.filter((text) => text.includes(email) || text.includes('$argon2'))).toEqual([]);
    // Nothing of the trace is left without its parent.
    const ids = new Set([caller.spanId, ...spans.map((span) => span.spanId)]);
    expect(spans.filter((span) => !ids.has(span.parentSpanId))).toEqual([]);
  });
});

describe('OpenTelemetry tracing, off', () => {
  it.each([
    ['no OTLP endpoint is set (the default)', {}],
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }],
    ['OTEL_TRACES_EXPORTER=none', { OTEL_TRACES_EXPORTER: 'none' }],
  ])('loads none of it and sends nothing when %s', async (_case, switches) => {
    const { url } = await database(sqliteBackend);
    const collector = await receiver();
    const endpoint = Object.keys(switches).length > 0 ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin } : {};
    const app = await signUpAndStop({ DATABASE_URL: url, ...endpoint, ...switches });
    expect(app.stderr()).toBe('');
    expect(app.stdout()).not.toContain('OpenTelemetry');
    expect(collector.requests()).toBe(0);
  });
});
