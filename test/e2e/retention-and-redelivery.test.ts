import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { clientOf, iso } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { openMigratedOrm } from '../support/databases.ts';
import { failedOldEvents, type OldEvent, whatIsLeftOf } from '../support/old-deliveries.ts';
import { REDELIVER_WEBHOOK } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { createPostgresDatabase, postgresAvailable, waitingForLocks } from '../support/postgres.ts';
import { startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const receiver = 'https://receiver.example/hooks';

describe.skipIf(!postgresAvailable)('retention racing redeliverWebhook on PostgreSQL', () => {
  const cleanups = cleanupsAfterEach();

  /**
   * Three events 40 days old whose deliveries failed; another session holds the delivery of the
   * one at `held`; a server (AUDIT_RETENTION_DAYS=30) whose first prune waits for it; an admin.
   */
  async function pruneWaitingFor(held: number) {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const orm = await openMigratedOrm(database.url);
    cleanups.push(() => orm.close());
    const events = await failedOldEvents(orm, 3, [receiver]);
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select * from webhook_deliveries where event_position = $1 for update', [events[held]!.position]);
    const server = await startServer({ DATABASE_URL: database.url, AUDIT_RETENTION_DAYS: '30' });
    cleanups.push(() => server.close());
    cleanups.push(() => holder.end());
    await until(async () => (await waitingForLocks(orm)) === 1, patienceMs);
    const client = clientOf({ database, server });
    const admin = await client.admin();
    const retention = () => server.logs.map((line) => JSON.parse(line)).filter(({ msg }) => msg.startsWith('audit events'));
    return {
      events,
      redeliver: (event: OldEvent) => client.call(REDELIVER_WEBHOOK, { eventId: event.id }, admin.token),
      waiting: () => waitingForLocks(orm),
      release: () => holder.query('commit'),
      /** The retention log lines, once the prune has ended. */
      pruned: async () => {
        await until(() => retention().length > 0, patienceMs);
        return retention();
      },
      left: () => whatIsLeftOf(orm, events),
    };
  }

  it('keeps an event redelivered while the prune waits for a row lock, and prunes only the events whose deliveries are done', async () => {
    const race = await pruneWaitingFor(0);
    const redelivered = race.events[1]!;
    expect(await race.redeliver(redelivered)).toEqual({
      __typename: 'RedeliveredWebhook',
      eventId: redelivered.id,
      deliveries: [
        {
          eventId: redelivered.id,
          eventType: 'UserCreated',
          occurredAt: iso,
          url: receiver,
          status: 'PENDING',
          attempts: 0,
          lastError: 'HTTP 500',
          nextAttemptAt: iso,
          deliveredAt: null,
        },
      ],
    });
    await race.release();
    expect(await race.pruned()).toEqual([expect.objectContaining({ level: 30, msg: 'audit events pruned', deleted: 2 })]);
    // Of the three old events, the redelivered one is left, its delivery pending as answered.
    expect(await race.left()).toEqual([{ id: redelivered.id, status: 'pending', attempts: 0 }]);
  });

  it('answers as for an unknown event when the redelivery waits for the prune that deletes it', async () => {
    // The prune holds the first event's delivery and waits for the second's, which the redelivery then waits for too.
    const race = await pruneWaitingFor(1);
    const answer = race.redeliver(race.events[1]!);
    await until(async () => (await race.waiting()) === 2, patienceMs);
    await race.release();
    expect(await answer).toEqual({ __typename: 'WebhookEventNotFoundError', message: 'No webhook delivery has this event id' });
    expect(await race.pruned()).toEqual([expect.objectContaining({ level: 30, msg: 'audit events pruned', deleted: 3 })]);
    expect(await race.left()).toEqual([]);
  });
});
