import type { WebhookDeliveryPage } from '../../application/webhooks/list-webhook-deliveries.ts';
import { builder } from '../builder.ts';
import { positionCursor } from '../shared/cursors.ts';
import { toConnection } from '../shared/paging.ts';
import { WebhookDeliveryType } from './webhook-delivery.ts';

export const WebhookDeliveryConnection = builder.connectionObject(
  {
    type: WebhookDeliveryType,
    name: 'WebhookDeliveryConnection',
    description: 'A page of webhook deliveries (Relay cursor connection), newest event first, by keyset; a page never splits an event.',
    edgesField: { description: "The deliveries of the page, newest event first, each event's by URL." },
  },
  {
    name: 'WebhookDeliveryEdge',
    description: 'A delivery of the page, with the cursor to page from it (its event).',
    nodeField: { description: 'The delivery.' },
  },
);

/** The deliveries are paged by their event's outbox position. */
export const webhookCursor = positionCursor('webhook', 'the webhook deliveries');

export function toWebhookConnection(page: WebhookDeliveryPage) {
  return toConnection(page, (delivery) => webhookCursor.encode(delivery.eventPosition));
}
