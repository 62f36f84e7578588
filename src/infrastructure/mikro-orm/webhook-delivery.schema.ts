import { defineEntity, p } from '@mikro-orm/core';
import type { WebhookDeliveryStatus } from '../../application/webhook-deliveries.ts';
import { WebhookDeliveryRecord } from '../webhooks/webhook-delivery-record.ts';

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
    status: p.string().length(16).$type<WebhookDeliveryStatus>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    lastError: p.string().length(1000).nullable(),
    deliveredAt: p.datetime().nullable(),
  },
  indexes: [
    // The worker: a URL's pending deliveries, oldest event first.
    { name: 'webhook_deliveries_queue_index', properties: ['url', 'status', 'eventPosition'] },
    // Admins: deliveries by status, newest event first.
    { name: 'webhook_deliveries_status_index', properties: ['status', 'eventPosition'] },
  ],
});
