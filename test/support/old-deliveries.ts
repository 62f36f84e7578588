import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { User } from '../../src/domain/user.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmWebhookQueue } from '../../src/webhooks/mikro-orm/mikro-orm-webhook-queue.ts';

export interface OldEvent {
  id: string;
  position: number;
}

/** Sign-ups 40 days old, one commit each, each event's delivery to every URL given up on; oldest first. */
export async function failedOldEvents(orm: MikroORM, count: number, urls: readonly string[]): Promise<OldEvent[]> {
  const queue = new MikroOrmWebhookQueue(orm);
  await queue.follow(urls, new Date());
  for (let i = 0; i < count; i++) {
    const work = new MikroOrmUnitOfWork(orm.em.fork());
    const occurredAt = new Date(Date.now() - 40 * 86_400_000);
    work.users.add(new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'h' }, occurredAt));
    await work.commit();
  }
  for (const url of urls) await queue.fanOut(url, new Set(['UserCreated']), 100, new Date());
  const connection = orm.em.getConnection();
  await connection.execute(
    "update webhook_deliveries set status = 'failed', attempts = 5, last_error = 'HTTP 500', next_attempt_at = null",
  );
  const rows: { id: string; position: number | string }[] = await connection.execute('select id, position from outbox order by position');
  return rows.map(({ id, position }) => ({ id, position: Number(position) }));
}

/** What is left of these events in the outbox: a row per delivery (by URL), with its status and attempts. */
export async function whatIsLeftOf(orm: MikroORM, events: OldEvent[]): Promise<{ id: string; status: string; attempts: number }[]> {
  return orm.em.getConnection().execute(
    `select o.id, d.status, d.attempts from outbox o left join webhook_deliveries d on d.event_position = o.position
       where o.position in (${events.map(() => '?').join(', ')}) order by o.position, d.url`,
    events.map(({ position }) => position),
  );
}
