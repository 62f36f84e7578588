import type { WebhookDelivery, WebhookDeliveryStatus } from '../../application/webhooks/webhook-deliveries.ts';
import { AuditEventTypeEnum } from '../audit/audit-event.ts';
import { builder } from '../builder.ts';

export const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where the delivery of an event to one webhook URL stands.',
  values: {
    PENDING: { value: 'pending', description: 'To be sent, or being sent, or waiting to be tried again (`nextAttemptAt`).' },
    DELIVERED: { value: 'delivered', description: 'The receiver answered 2xx.' },
    FAILED: {
      value: 'failed',
      description: 'Given up after WEBHOOK_MAX_ATTEMPTS failed attempts: `redeliverWebhook` sends it again.',
    },
  } satisfies Record<string, { value: WebhookDeliveryStatus; description: string }>,
});

/** Every exposed field is listed; the URL comes without its query string, which may hold credentials. */
export const WebhookDeliveryType = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: 'The delivery of one event to one webhook URL (WEBHOOK_URLS): its state and attempts.',
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: "The event's id: the `webhook-id` header, by which receivers deduplicate." }),
    eventType: t.expose('eventType', { type: AuditEventTypeEnum, description: "The kind of event (the body's `type`)." }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When the event happened.' }),
    url: t.exposeString('url', { description: 'Where it goes: the URL, its query string (if any) shown as `?…`.' }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum, description: 'Pending, delivered or failed.' }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made so far, the successful one included (since the last redelivery).' }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'What the last failed attempt met: `HTTP 503`, `ECONNREFUSED`, `no answer within 10000 ms`…; null if none failed.',
    }),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Pending: when the next attempt may start (or until when a worker holds it); null otherwise.',
    }),
    deliveredAt: t.expose('deliveredAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the receiver answered 2xx; null until then.',
    }),
  }),
});

/** What redeliverWebhook answers: the event's deliveries, the failed ones now pending again. */
export const RedeliveredWebhookType = builder
  .objectRef<{ eventId: string; deliveries: WebhookDelivery[] }>('RedeliveredWebhook')
  .implement({
    description: "An event's deliveries after redeliverWebhook: the failed ones pending again, due now.",
    fields: (t) => ({
      eventId: t.exposeID('eventId', { description: "The event's id." }),
      deliveries: t.expose('deliveries', { type: [WebhookDeliveryType], description: 'Its delivery to each URL, by URL.' }),
    }),
  });
