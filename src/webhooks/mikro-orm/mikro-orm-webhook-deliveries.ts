import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { WebhookDeliveries } from '../../application/ports.ts';
import type { WebhookDelivery, WebhookDeliveryQuery } from '../../application/webhooks/webhook-deliveries.ts';
import { isUuid } from '../../domain/uuid.ts';
import { OutboxRecord } from '../../infrastructure/outbox-record.ts';
import { shownUrl } from '../shown-url.ts';
import { WebhookDeliveryRecord, withWebhookTables } from './webhook-tables.ts';

/** The `webhook_deliveries` table as admins see it, with each delivery's event. */
export class MikroOrmWebhookDeliveries implements WebhookDeliveries {
  readonly #orm: MikroORM;

  constructor(orm: MikroORM) {
    this.#orm = withWebhookTables(orm);
  }

  async page(query: WebhookDeliveryQuery): Promise<WebhookDelivery[]> {
    const em = this.#orm.em.fork();
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (query.status !== undefined) {
      conditions.push('status = ?');
      parameters.push(query.status);
    }
    if (query.olderThan !== undefined) {
      conditions.push('event_position < ?');
      parameters.push(query.olderThan);
    }
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    // The page's events first (distinct positions), then all of their deliveries that match.
    const events: { event_position: number | string }[] = await em
      .getConnection()
      .execute(`select distinct event_position from webhook_deliveries ${where} order by event_position desc limit ?`, [
        ...parameters,
        query.limit,
      ]);
    if (events.length === 0) return [];
    const positions = events.map((row) => Number(row.event_position));
    const rows = await em.find(
      WebhookDeliveryRecord,
      { eventPosition: { $in: positions }, ...(query.status === undefined ? {} : { status: query.status }) },
      { orderBy: { eventPosition: 'desc', url: 'asc' }, disableIdentityMap: true },
    );
    return this.#withEvents(rows);
  }

  async redeliver(eventId: string, now: Date): Promise<WebhookDelivery[]> {
    // An id that is no UUID names no event (PostgreSQL would refuse the query).
    if (!isUuid(eventId)) return [];
    const em = this.#orm.em.fork();
    const event = await em.findOne(OutboxRecord, { id: eventId.toLowerCase() }, { fields: ['position'], disableIdentityMap: true });
    if (!event) return [];
    await em.transactional(async (tx) => {
      // In the order the retention prune locks them (event, then URL): in any other order, a
      // redelivery of an event sent to several URLs could deadlock with the prune deleting it.
      if (tx.getPlatform() instanceof PostgreSqlPlatform) {
        const lock = 'select 1 from webhook_deliveries where event_position = ? order by url for update';
        await tx.getConnection().execute(lock, [event.position!], 'all', tx.getTransactionContext());
      }
      await tx.nativeUpdate(
        WebhookDeliveryRecord,
        { eventPosition: event.position!, status: 'failed' },
        { status: 'pending', attempts: 0, nextAttemptAt: now, claimedUntil: null },
      );
    });
    const rows = await em.find(
      WebhookDeliveryRecord,
      { eventPosition: event.position! },
      { orderBy: { url: 'asc' }, disableIdentityMap: true },
    );
    return this.#withEvents(rows);
  }

  async #withEvents(rows: WebhookDeliveryRecord[]): Promise<WebhookDelivery[]> {
    if (rows.length === 0) return [];
    const positions = [...new Set(rows.map((row) => row.eventPosition))];
    const events = await this.#orm.em
      .fork()
      .find(OutboxRecord, { position: { $in: positions } }, { fields: ['position', 'id', 'type', 'occurredAt'], disableIdentityMap: true });
    const byPosition = new Map(events.map((event) => [event.position!, event]));
    return rows.flatMap((row) => {
      const event = byPosition.get(row.eventPosition);
      if (!event) return [];
      return [
        {
          eventId: event.id,
          eventType: event.type as WebhookDelivery['eventType'],
          eventPosition: row.eventPosition,
          occurredAt: event.occurredAt,
          url: shownUrl(row.url),
          status: row.status,
          attempts: row.attempts,
          lastError: row.lastError,
          nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
          deliveredAt: row.deliveredAt,
        },
      ];
    });
  }
}
