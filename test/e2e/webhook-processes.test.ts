import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/postgres.ts';
import { activeUser, startProcess, until } from '../support/process-client.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';
import { startWebhookReceiver, webhookSecret } from '../support/webhook-receiver.ts';

const cleanups = cleanupsAfterEach();

/** The outbox's events as (id, user), in the order written. */
async function outboxEvents(databaseUrl: string) {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const rows = await new MikroOrmAuditTrail(orm, { hashEmail: (email) => email }).page({ limit: 1000 });
    return rows.reverse().map(({ id, userId }) => ({ id, userId }));
  } finally {
    await orm.close();
  }
}

/** A receiver, and the environment of server processes that send it webhooks (a lease of 4 s: 2 × 1 s + 2 s). */
async function receiverAndEnvironment() {
  const secret = webhookSecret();
  const receiver = await startWebhookReceiver(secret);
  cleanups.push(receiver.close);
  const environment = {
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: secret,
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_BACKOFF_BASE_MS: '50',
    WEBHOOK_BACKOFF_MAX_MS: '200',
  };
  return { receiver, environment };
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`webhooks across kill -9, on ${backend.name}`, () => {
    it('lose no committed event: one in flight and those behind it are delivered after a restart', async () => {
      const { receiver, environment } = await receiverAndEnvironment();
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const env = { ...environment, DATABASE_URL: database.url };
      // The receiver takes the first request and never answers: the server is killed meanwhile.
      receiver.answer(() => 'hold');
      const first = await startProcess(env, cleanups);
      await activeUser(first.origin);
      await until(() => receiver.received.length >= 1, 5000);
      first.app.child.kill('SIGKILL');
      expect(await first.app.exitCode).toBeNull();

      receiver.answer(() => 200);
      const events = await outboxEvents(database.url);
      expect(events).toHaveLength(3);
      await startProcess(env, cleanups);
      // Once the dead process's lease has run out.
      await until(() => new Set(receiver.acknowledged()).size >= 3, 15_000);
      // At least once: the one held may arrive twice; receivers deduplicate by webhook-id.
      expect([...new Set(receiver.acknowledged())]).toEqual(events.map(({ id }) => id));
      expect(receiver.received.every(({ body }) => body !== null)).toBe(true);
    });
  });
}

describe.skipIf(!postgresAvailable)('webhooks from two server processes on one PostgreSQL', () => {
  it('deliver each event exactly once to a healthy receiver, and each user’s in order', async () => {
    const { receiver, environment } = await receiverAndEnvironment();
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const env = { ...environment, DATABASE_URL: database.url };
    const [a, b] = await Promise.all([startProcess(env, cleanups), startProcess(env, cleanups)]);
    // 24 users, signed up, activated and signed in through either, 6 at a time: 72 events.
    const origins = Array.from({ length: 24 }, (_, i) => [a, b][i % 2]!.origin);
    for (let i = 0; i < origins.length; i += 6) await Promise.all(origins.slice(i, i + 6).map((origin) => activeUser(origin)));
    await until(() => receiver.received.length >= 72, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const events = await outboxEvents(database.url);
    expect(events).toHaveLength(72);
    const ids = receiver.received.map(({ id }) => id);
    expect(ids).toHaveLength(72);
    expect(new Set(ids)).toEqual(new Set(events.map(({ id }) => id)));
    expect(receiver.received.every(({ body, status }) => body !== null && status === 200)).toBe(true);
    const byUser = (order: { id: string; userId: string | null }[]) =>
      Object.fromEntries(
        Object.entries(Object.groupBy(order, ({ userId }) => userId ?? '')).map(([user, list]) => [user, list!.map(({ id }) => id)]),
      );
    expect(byUser(receiver.received.map(({ body }) => ({ id: body.id, userId: body.userId })))).toEqual(byUser(events));
    // Both took part (each wakes its own worker after its commits), and neither failed an attempt.
    const counts = await Promise.all(
      [a, b].map(async ({ origin }) =>
        valuesOf(parsePrometheusText(await (await fetch(`${origin}/metrics`)).text()), 'webhook_deliveries_total'),
      ),
    );
    expect(counts.map((count) => count.delivered! > 0)).toEqual([true, true]);
    expect(counts.map((count) => count.delivered!).reduce((sum, n) => sum + n)).toBe(72);
    expect(counts.map(({ retried, failed }) => [retried, failed])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
