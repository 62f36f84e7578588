import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, sqliteBackend } from '../support/databases.ts';
import { activeUser, bearer, graphql } from '../support/graphql-client.ts';
import { ACTIVATE, CHANGE_PASSWORD, CREATE_USER, DELETE_ME, SIGN_IN, UPDATE_ME } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';
import { logLines, startServer } from '../support/server.ts';
import { until } from '../support/until.ts';
import { byUser, outboxEvents, receiverAndEnvironment } from '../support/webhook-processes.ts';

const cleanups = cleanupsAfterEach();

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`webhooks across kill -9, on ${backend.name}`, () => {
    it('lose no committed event: one in flight and those behind it are delivered after a restart', async () => {
      const { receiver, environment } = await receiverAndEnvironment(cleanups);
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const env = { ...environment, DATABASE_URL: database.url };
      // The receiver takes the first request and never answers: the server is killed meanwhile.
      receiver.answer(() => 'hold');
      const first = await startServer(env, { in: 'child process', cleanups });
      await activeUser(first.origin);
      await until(() => receiver.received.length >= 1, patienceMs);
      first.app.child.kill('SIGKILL');
      expect(await first.app.exitCode).toBeNull();

      receiver.answer(() => 200);
      // Created, activated, signed in, session started.
      const events = await outboxEvents(database.url);
      // Created, activated, signed in, session started.
      expect(events).toHaveLength(4);
      await startServer(env, { in: 'child process', cleanups });
      // Once the dead process's lease has run out.
      await until(() => new Set(receiver.acknowledged()).size >= 4, patienceMs);
      // At least once: the one held may arrive twice; receivers deduplicate by webhook-id.
      expect([...new Set(receiver.acknowledged())]).toEqual(events.map(({ id }) => id));
      expect(receiver.received.every(({ body }) => body !== null)).toBe(true);
    });
  });
}

describe.skipIf(!postgresAvailable)('webhooks from two server processes on one PostgreSQL', () => {
  it('deliver each event exactly once to a healthy receiver, and each user’s in order', async () => {
    const { receiver, environment } = await receiverAndEnvironment(cleanups);
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const env = { ...environment, DATABASE_URL: database.url };
    const [a, b] = await Promise.all([
      startServer(env, { in: 'child process', cleanups }),
      startServer(env, { in: 'child process', cleanups }),
    ]);
    // 24 users, signed up, activated and signed in (a session started) through either, 6 at a time: 96 events.
    const origins = Array.from({ length: 24 }, (_, i) => [a, b][i % 2]!.origin);
    for (let i = 0; i < origins.length; i += 6) await Promise.all(origins.slice(i, i + 6).map((origin) => activeUser(origin)));
    // Each of the 96 recorded as delivered, by one process or the other: no attempt is still under
    // way, so no second copy can arrive later. (A pause after the 96th arrived would be a guess.)
    const deliveries = () =>
      Promise.all(
        [a, b].map(async ({ origin }) =>
          valuesOf(parsePrometheusText(await (await fetch(`${origin}/metrics`)).text()), 'webhook_deliveries_total'),
        ),
      );
    await until(async () => (await deliveries()).reduce((sum, { delivered }) => sum + (delivered ?? 0), 0) >= 96, patienceMs);

    const events = await outboxEvents(database.url);
    expect(events).toHaveLength(96);
    const ids = receiver.received.map(({ id }) => id);
    expect(ids).toHaveLength(96);
    expect(new Set(ids)).toEqual(new Set(events.map(({ id }) => id)));
    expect(receiver.received.every(({ body, status }) => body !== null && status === 200)).toBe(true);
    expect(byUser(receiver.received.map(({ body }) => ({ id: body.id, userId: body.userId })))).toEqual(byUser(events));
    // Both took part (each wakes its own worker after its commits), and neither failed an attempt.
    const counts = await deliveries();
    expect(counts.map((count) => count.delivered! > 0)).toEqual([true, true]);
    expect(counts.map((count) => count.delivered!).reduce((sum, n) => sum + n)).toBe(96);
    expect(counts.map(({ retried, failed }) => [retried, failed])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});

describe('webhooks on one SQLite file shared with other processes', () => {
  it('deliver each event exactly once and each user’s in order from WEB_CONCURRENCY=2, while 6 clients at a time write through both workers: no request fails, nothing warns', async () => {
    const { receiver, environment } = await receiverAndEnvironment(cleanups);
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { ...environment, DATABASE_URL: database.url, WEB_CONCURRENCY: '2' },
      { in: 'child process', cleanups },
    );
    /** The root field's __typename, or the whole answer when there is none (an unexpected error). */
    const call = async (query: string, variables: object, token?: string) => {
      const { body, text } = await graphql(origin, query, variables, token === undefined ? {} : bearer(token));
      const [answer] = Object.values(body.data ?? {}) as { __typename?: string; token?: string }[];
      return { typename: answer?.__typename ?? text, token: answer?.token };
    };
    // A user's whole life, each step a commit that writes its event and delivery, while both
    // workers' lanes claim deliveries from the same file.
    const lifecycle = async () => {
      const email = `${randomUUID()}@doe.com`;
      const [password, newPassword] = ['correct horse', 'battery staple'];
      const steps = [await call(CREATE_USER, { input: { email, password, name: 'Ada', surname: 'L' } })];
      steps.push(await call(ACTIVATE, { input: { email, password } }));
      steps.push(await call(SIGN_IN, { input: { email, password } }));
      steps.push(await call(UPDATE_ME, { input: { name: 'Renamed' } }, steps[2]!.token));
      steps.push(await call(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword } }, steps[2]!.token));
      steps.push(await call(DELETE_ME, { input: { password: newPassword } }, steps[4]!.token));
      return steps.map(({ typename }) => typename);
    };
    const outcomes: string[][] = [];
    for (let round = 0; round < 4; round++) outcomes.push(...(await Promise.all(Array.from({ length: 6 }, lifecycle))));
    const lived = ['User', 'User', 'SignInPayload', 'User', 'SignInPayload', 'DeletedUser'];
    expect(outcomes).toEqual(Array(24).fill(lived));

    // Every event fanned out and its delivery marked delivered: no attempt is under way, so none can
    // still arrive. (No undelivered row is not enough: an event not yet fanned out has no row.)
    const file = new Database(database.url.slice('sqlite:'.length), { readonly: true });
    cleanups.push(async () => file.close());
    const delivered = file.prepare("select count(*) as count from webhook_deliveries where status = 'delivered'").pluck();
    // Six events each, and the sign-in's SessionStarted and the deletion's SessionEnded.
    await until(() => delivered.get() === 24 * 8, patienceMs);
    const events = await outboxEvents(database.url);
    expect(events).toHaveLength(24 * 8);
    const ids = receiver.received.map(({ id }) => id);
    expect(ids).toHaveLength(events.length);
    expect(new Set(ids)).toEqual(new Set(events.map(({ id }) => id)));
    expect(receiver.received.every(({ body, status }) => body !== null && status === 200)).toBe(true);
    expect(byUser(receiver.received.map(({ body }) => ({ id: body.id, userId: body.userId })))).toEqual(byUser(events));
    // Two workers taking turns on the file's one write lock is no outage.
    expect(logLines(app).filter((line) => line.level >= 40)).toEqual([]);
  });

  it('wait quietly while another program holds the write lock, deliver once it lets go, and still warn of a failure that is no contention', async () => {
    const { receiver, environment } = await receiverAndEnvironment(cleanups);
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const { app, origin } = await startServer(
      { ...environment, DATABASE_URL: database.url, LOG_LEVEL: 'debug' },
      { in: 'child process', cleanups },
    );
    const said = (msg: string) => logLines(app).filter((line) => line.msg === msg);
    // Three deliveries come due again and again: the receiver fails them until the lock is taken.
    receiver.answer(() => 503);
    await activeUser(origin);
    await until(() => receiver.received.length > 0, patienceMs);
    const other = new Database(database.url.slice('sqlite:'.length));
    cleanups.push(async () => other.close());
    other.exec('begin immediate');
    receiver.answer(() => 200);
    await until(() => said('webhook deliveries not claimed: the database was busy, trying again').length > 0, patienceMs);
    other.exec('rollback');
    await until(() => new Set(receiver.acknowledged()).size === 3, patienceMs);
    expect(said('webhook deliveries not claimed: the database was busy, trying again')[0]).toMatchObject({
      level: 20,
      err: { type: 'LockWaitTimeoutException', code: 'SQLITE_BUSY' },
      url: receiver.url,
    });
    expect(said('webhook deliveries not claimed: trying again')).toEqual([]);

    // The table gone is no contention: said at warn level.
    other.exec('alter table webhook_deliveries rename to webhook_deliveries_gone');
    await until(() => said('webhook deliveries not claimed: trying again').length > 0, patienceMs);
    expect(said('webhook deliveries not claimed: trying again')).toEqual([
      expect.objectContaining({ level: 40, err: expect.objectContaining({ code: 'SQLITE_ERROR' }), url: receiver.url }),
    ]);
  });
});
