import type { WebhookDeliveries } from './ports.ts';
import { type WebhookDelivery, WebhookEventNotFoundError } from './webhook-deliveries.ts';

/**
 * Sends an event again to every URL whose delivery of it failed: those deliveries become pending,
 * due now, with a fresh count of attempts. Deliveries still pending or delivered are left alone.
 * Answers all of the event's deliveries.
 */
export async function redeliverWebhook(eventId: string, deps: { webhookDeliveries: WebhookDeliveries }): Promise<WebhookDelivery[]> {
  const deliveries = await deps.webhookDeliveries.redeliver(eventId, new Date());
  if (deliveries.length === 0) throw new WebhookEventNotFoundError();
  return deliveries;
}
