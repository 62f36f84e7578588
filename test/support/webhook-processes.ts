import { MikroORM } from '@mikro-orm/core';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import type { Cleanups } from './cleanups.ts';
import { startWebhookReceiver, webhookSecret } from './webhook-receiver.ts';

/** The outbox's events as (id, user), in the order written. */
export async function outboxEvents(databaseUrl: string) {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const rows = await new MikroOrmAuditTrail(orm).page({ limit: 1000 });
    return rows.reverse().map(({ id, userId, type }) => ({ id, userId, type }));
  } finally {
    await orm.close();
  }
}

/** A receiver, and the environment of server processes that send it webhooks (a claim of 3 s: 1 s + 2 s). */
export async function receiverAndEnvironment(cleanups: Cleanups, timeoutMs = 1000) {
  const secret = webhookSecret();
  const receiver = await startWebhookReceiver(secret);
  cleanups.push(receiver.close);
  const environment = {
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: secret,
    WEBHOOK_TIMEOUT_MS: String(timeoutMs),
    WEBHOOK_BACKOFF_BASE_MS: '50',
    WEBHOOK_BACKOFF_MAX_MS: '200',
  };
  return { receiver, environment };
}

/** Event ids per user, in the order given. */
export const byUser = (order: { id: string; userId: string | null }[]) =>
  Object.fromEntries(
    Object.entries(Object.groupBy(order, ({ userId }) => userId ?? '')).map(([user, list]) => [user, list!.map(({ id }) => id)]),
  );
