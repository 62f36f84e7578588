import { defineEntity, type MikroORM, p } from '@mikro-orm/core';
import type { WebhookDeliveryStatus } from '../../application/webhooks/webhook-deliveries.ts';

/** One row of `webhook_deliveries`: the delivery of one outbox event to one URL, written by the webhook worker. */
export class WebhookDeliveryRecord {
  /** The outbox row's `position`: each user's events go to a URL in this order. */
  eventPosition!: number;
  url!: string;
  /** The event's user: a delivery waits while an earlier one of the same user to the same URL is pending. */
  userId!: string | null;
  status!: WebhookDeliveryStatus;
  attempts!: number;
  /** Pending: when it may be sent (again). Null otherwise. */
  nextAttemptAt!: Date | null;
  /** While a worker sends it: until when no other worker takes it. */
  claimedUntil!: Date | null;
  lastError!: string | null;
  deliveredAt!: Date | null;
}

/** One row of `webhook_cursors`: how far a URL's deliveries have been written from the outbox. */
export class WebhookCursorRecord {
  url!: string;
  /** Every outbox event up to this position has its delivery to the URL written (or is not delivered). */
  position!: number;
  /** When a worker last moved it: retention keeps the events after it only while someone follows the URL. */
  followedAt!: Date;
}

/**
 * The `webhook_deliveries` table: one row per outbox event and webhook URL, so each URL has its
 * own state, attempts and order. No foreign key to the outbox: retention deletes an event's
 * deliveries with it, and never an event with one still pending.
 */
export const WebhookDeliverySchema = defineEntity({
  class: WebhookDeliveryRecord,
  tableName: 'webhook_deliveries',
  properties: {
    eventPosition: p.bigint('number').primary(),
    url: p.string().length(2048).primary(),
    userId: p.uuid().nullable(),
    status: p.string().length(16).$type<WebhookDeliveryStatus>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    claimedUntil: p.datetime().nullable(),
    lastError: p.string().length(1000).nullable(),
    deliveredAt: p.datetime().nullable(),
  },
  indexes: [
    // The worker: a URL's pending deliveries, oldest event first.
    { name: 'webhook_deliveries_queue_index', properties: ['url', 'status', 'eventPosition'] },
    // The worker: whether an earlier delivery of the same user to the URL is still pending.
    { name: 'webhook_deliveries_user_index', properties: ['url', 'userId', 'eventPosition'] },
    // Admins: deliveries by status, newest event first.
    { name: 'webhook_deliveries_status_index', properties: ['status', 'eventPosition'] },
  ],
});

export const WebhookCursorSchema = defineEntity({
  class: WebhookCursorRecord,
  tableName: 'webhook_cursors',
  properties: {
    url: p.string().length(2048).primary(),
    position: p.bigint('number'),
    followedAt: p.datetime(),
  },
});

/** The webhook module's tables, for a schema diff (`npm run migration:create`, the migrations test). */
export const webhookSchemas = [WebhookDeliverySchema, WebhookCursorSchema];

/**
 * The ORM with the webhook tables known to it. The ORM is opened by persistence, which knows only
 * the users and the outbox: the webhook module adds its own tables to it, once.
 */
export function withWebhookTables(orm: MikroORM): MikroORM {
  if (!orm.getMetadata().find(WebhookDeliveryRecord)) orm.discoverEntity(webhookSchemas);
  return orm;
}
