import { LockMode, type MikroORM, raw } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { OutboxRecord } from '../outbox-record.ts';
import { WebhookDeliveryRecord } from '../webhooks/webhook-delivery-record.ts';
import { webhookMessageOf } from '../webhooks/webhook-message.ts';
import type { ClaimedDelivery, WebhookQueue } from '../webhooks/webhook-queue.ts';

/**
 * The `webhook_deliveries` table as the delivery worker works it.
 *
 * A claim is one transaction: read the URL's first pending rows in event order (on PostgreSQL
 * `for update skip locked`, so two instances claiming at once never take the same rows), check
 * that the first of them is the URL's first pending row at all (else another instance is
 * claiming it: take nothing, or that instance's later events could overtake), keep the leading
 * run that is due, and lease it by moving `next_attempt_at` to the lease's end. A lease is the
 * only mark of a claim: a killed worker's rows come due again when it ends. SQLite has one writer
 * at a time, so the same statements without the lock serialise claims there.
 */
export class MikroOrmWebhookQueue implements WebhookQueue {
  readonly #orm: MikroORM;
  readonly #skipLocked: boolean;

  constructor(orm: MikroORM) {
    this.#orm = orm;
    this.#skipLocked = orm.em.getPlatform() instanceof PostgreSqlPlatform;
  }

  claim(url: string, limit: number, now: Date, leaseUntil: Date): Promise<ClaimedDelivery[]> {
    return this.#orm.em.fork().transactional(async (em) => {
      const pending = { url, status: 'pending' } as const;
      const rows = await em.find(WebhookDeliveryRecord, pending, {
        orderBy: { eventPosition: 'asc' },
        limit,
        disableIdentityMap: true,
        ...(this.#skipLocked ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
      });
      if (rows.length === 0) return [];
      if (this.#skipLocked) {
        const [first] = await em.find(WebhookDeliveryRecord, pending, {
          fields: ['eventPosition'],
          orderBy: { eventPosition: 'asc' },
          limit: 1,
          disableIdentityMap: true,
        });
        if (first?.eventPosition !== rows[0]!.eventPosition) return [];
      }
      const notDue = rows.findIndex((row) => row.nextAttemptAt !== null && row.nextAttemptAt > now);
      const due = notDue === -1 ? rows : rows.slice(0, notDue);
      if (due.length === 0) return [];
      const positions = due.map((row) => row.eventPosition);
      await em.nativeUpdate(WebhookDeliveryRecord, { url, eventPosition: { $in: positions } }, { nextAttemptAt: leaseUntil });
      const events = await em.find(OutboxRecord, { position: { $in: positions } }, { disableIdentityMap: true });
      const byPosition = new Map(events.map((event) => [event.position!, event]));
      // Retention never deletes an event with a pending delivery; one deleted by hand fails, rather than block the URL.
      const gone = positions.filter((position) => !byPosition.has(position));
      if (gone.length > 0) {
        await em.nativeUpdate(
          WebhookDeliveryRecord,
          { url, eventPosition: { $in: gone } },
          { status: 'failed', nextAttemptAt: null, lastError: 'the event is no longer in the outbox' },
        );
      }
      return due.flatMap((row) => {
        const event = byPosition.get(row.eventPosition);
        return event ? [{ eventPosition: row.eventPosition, attempts: row.attempts, message: webhookMessageOf(event) }] : [];
      });
    });
  }

  async delivered(url: string, eventPositions: number[], at: Date): Promise<void> {
    await this.#orm.em
      .fork()
      .nativeUpdate(
        WebhookDeliveryRecord,
        { url, eventPosition: { $in: eventPositions } },
        { status: 'delivered', deliveredAt: at, nextAttemptAt: null, attempts: raw('attempts + 1') },
      );
  }

  async attemptFailed(url: string, eventPosition: number, error: string, retryAt: Date | null): Promise<void> {
    await this.#orm.em
      .fork()
      .nativeUpdate(
        WebhookDeliveryRecord,
        { url, eventPosition },
        { status: retryAt ? 'pending' : 'failed', nextAttemptAt: retryAt, lastError: error.slice(0, 1000), attempts: raw('attempts + 1') },
      );
  }

  async release(url: string, eventPositions: number[], at: Date): Promise<void> {
    await this.#orm.em
      .fork()
      .nativeUpdate(WebhookDeliveryRecord, { url, eventPosition: { $in: eventPositions }, status: 'pending' }, { nextAttemptAt: at });
  }

  async pendingUrls(): Promise<string[]> {
    const rows: { url: string }[] = await this.#orm.em
      .getConnection()
      .execute("select distinct url from webhook_deliveries where status = 'pending'");
    return rows.map((row) => row.url);
  }
}
