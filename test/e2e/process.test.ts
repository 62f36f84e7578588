import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend, type TestDatabase } from '../support/databases.ts';
import { heldRequest } from '../support/held-request.ts';
import { ACTIVATE, CREATE_USER } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { postgresAvailable, postgresDatabaseExists, postgresUrl } from '../support/postgres.ts';
import { logLines, spawnServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const john = { email: 'john@doe.com', password: 'correct horse', name: 'John', surname: 'Doe' };
let database: TestDatabase;
const cleanups = cleanupsAfterEach();

afterEach(() => database?.drop());

async function graphql(origin: string, query: string, input: object) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { input } }),
  });
  return response.json();
}

describe('the server process (npm start)', () => {
  it('ends every start-up failure with one JSON fatal line naming the culprit and what to do, and exit code 1', async () => {
    database = await sqliteBackend.create();
    const failures: [NodeJS.ProcessEnv, object][] = [
      [
        { NODE_ENV: 'production', DATABASE_URL: database.url },
        {
          msg: 'Invalid configuration: JWT_SECRET: required when NODE_ENV=production, at least 32 bytes (openssl rand -base64 32)',
        },
      ],
      [
        { DATABASE_URL: 'mysql://root:hunter2@db/app', PORT: 'eighty' },
        {
          msg:
            'Invalid configuration: DATABASE_URL: must be sqlite:<path>, sqlite::memory: or postgres://…, not "mysql://***@db/app"; ' +
            'PORT: Invalid input: expected number, received NaN',
        },
      ],
      [
        // Checked beside the configuration, by the runtime tuning that main.ts alone works out.
        { DATABASE_URL: database.url, HASH_CONCURRENCY: '5' },
        { msg: 'Invalid configuration: HASH_CONCURRENCY: at most UV_THREADPOOL_SIZE (4) per process: 4 with WEB_CONCURRENCY=1' },
      ],
      [
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/users' },
        { dependency: 'database', msg: 'database did not answer at start: start it, or fix DATABASE_URL' },
      ],
      [
        { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' },
        { dependency: 'rateLimitStore', msg: 'rateLimitStore did not answer at start: start Redis, or fix REDIS_URL' },
      ],
    ];
    for (const [environment, fatal] of failures) {
      const app = spawnServer(environment, { cleanups, shipped: true });
      expect(await app.exitCode).toBe(1);
      const lines = logLines(app);
      expect(lines.at(-1)).toMatchObject({ level: 60, ...fatal });
      expect(lines.filter((line) => line.level === 60)).toHaveLength(1);
      expect(app.stderr()).toBe('');
      expect(await app.origin).toBeNull();
    }
  });

  it.skipIf(!postgresAvailable)('stops when the database named in DATABASE_URL does not exist, and creates none', async () => {
    const name = `users_missing_${randomUUID().replaceAll('-', '')}`;
    const app = spawnServer({ DATABASE_URL: postgresUrl(name) }, { cleanups });
    expect(await app.exitCode).toBe(1);
    expect(logLines(app).filter((line) => line.level === 60)).toEqual([
      expect.objectContaining({
        dependency: 'database',
        cause: `database "${name}" does not exist`,
        msg: `database "${name}" does not exist: create it (createdb ${name}), or fix DATABASE_URL`,
      }),
    ]);
    expect(await postgresDatabaseExists(name)).toBe(false);
  });

  it('starts with an empty variable as if it were unset (REDIS_URL=, JWT_SECRET= in a .env)', async () => {
    database = await sqliteBackend.create();
    const app = spawnServer({ DATABASE_URL: database.url, REDIS_URL: '', JWT_SECRET: '', CORS_ORIGINS: '' }, { cleanups, shipped: true });
    const origin = await app.origin;
    expect(origin).not.toBeNull();
    expect(logLines(app).filter((line) => line.level >= 40 || line.store)).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringMatching(/^JWT_SECRET is not set: using a random secret/) }),
      expect.objectContaining({ level: 30, store: 'sqlite', msg: 'rate-limit counts kept in sqlite' }),
    ]);
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(0);
    expect(app.stderr()).toBe('');
  });

  it('names GraphiQL in its start line only when it serves it', async () => {
    database = await sqliteBackend.create();
    const secret = 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=';
    for (const [environment, served] of [
      [{ NODE_ENV: 'production' }, 'GraphQL API on'],
      [{ NODE_ENV: 'production', GRAPHIQL: 'true' }, 'GraphQL API and GraphiQL on'],
      [{}, 'GraphQL API and GraphiQL on'],
    ] as const) {
      const app = spawnServer({ ...environment, DATABASE_URL: database.url, JWT_SECRET: secret }, { cleanups, shipped: true });
      const origin = await app.origin;
      expect(app.stdout()).toContain(`"msg":"${served} ${origin}/graphql"`);
      // The first start applied them; the next ones say nothing of migrations.
      expect(logLines(app).filter((line) => line.msg === 'migrations applied')).toHaveLength(served === 'GraphQL API on' ? 1 : 0);
      app.child.kill('SIGTERM');
      expect([await app.exitCode, served, app.stderr()]).toEqual([0, served, '']);
    }
  });

  it('hashes with the production argon2 parameters and finishes in-flight requests on SIGTERM', async () => {
    database = await sqliteBackend.create();
    const environment = { DATABASE_URL: database.url, JWT_SECRET: 'P9tK2wQ7mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lM=' };
    const app = spawnServer(environment, { cleanups, shipped: true });
    const origin = await app.origin;

    // A sign-up in flight when SIGTERM arrives (the server holds it, waiting for its body); its body,
    // and so its hash (~100 ms at the defaults), comes once the server said it is shutting down.
    const inFlight = await heldRequest(origin!, 'john', CREATE_USER, { input: john });
    app.child.kill('SIGTERM');
    await until(() => logLines(app).some((line) => line.msg === 'shutting down: finishing in-flight requests'), patienceMs);
    expect(JSON.parse(await inFlight.release()).data.createUser).toMatchObject({ __typename: 'User', email: 'john@doe.com' });
    expect(await app.exitCode).toBe(0);
    expect(app.stdout()).toContain('"msg":"shutting down: finishing in-flight requests"');
    const stored = new Database(database.url.slice('sqlite:'.length)).prepare('select password_hash from users').get();
    expect((stored as { password_hash: string }).password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);

    // And the user is still there for the next process, which verifies at the same cost.
    const next = spawnServer(environment, { cleanups, shipped: true });
    const activated = await graphql((await next.origin)!, ACTIVATE, { email: john.email, password: john.password });
    expect(activated.data.activate).toMatchObject({ __typename: 'User', active: true });
    next.child.kill('SIGINT');
    expect(await next.exitCode).toBe(0);
  });

  it('applies no migration with MIGRATE_ON_START=false; `npm run migrate` applies them', async () => {
    database = await sqliteBackend.create();
    const environment = { DATABASE_URL: database.url, MIGRATE_ON_START: 'false' };
    const app = spawnServer(environment, { cleanups, shipped: true });
    const origin = (await app.origin) ?? '';
    const ready = async () => {
      const response = await fetch(`${origin}/ready`);
      return [response.status, (await response.json()).checks.migrations];
    };
    expect(await ready()).toEqual([503, 'pending']);
    expect(logLines(app).filter((line) => line.level >= 50)).toEqual([
      expect.objectContaining({
        msg: 'migrations pending: run `npm run migrate`; until then /ready answers 503 and requests fail',
        pending: (await readdir('migrations')).map((file) => file.replace(/\.ts$/, '')).sort(),
      }),
    ]);
    expect((await graphql(origin, CREATE_USER, john)).errors).toEqual([expect.objectContaining({ message: 'Unexpected error.' })]);
    await promisify(execFile)('npm', ['run', 'migrate'], { env: { ...process.env, ...environment } });
    expect(await ready()).toEqual([200, 'ok']);
    expect((await graphql(origin, CREATE_USER, john)).data.createUser.__typename).toBe('User');
    app.child.kill('SIGTERM');
    expect(await app.exitCode).toBe(0);
  });
});
