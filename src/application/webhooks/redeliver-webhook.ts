import type { User } from '../../domain/user.ts';
import type { RateLimits, WebhookDeliveries } from '../ports.ts';
import { type WebhookDelivery, WebhookEventNotFoundError } from './webhook-deliveries.ts';

/**
 * Sends an event again to every URL whose delivery of it failed: those deliveries become pending,
 * due now, with a fresh count of attempts. Deliveries still pending or delivered are left alone.
 * Answers all of the event's deliveries.
 */
export async function redeliverWebhook(
  input: { admin: User; eventId: string },
  deps: { webhookDeliveries: WebhookDeliveries; rateLimits: RateLimits },
): Promise<WebhookDelivery[]> {
  await deps.rateLimits.writesPerAccount.consume(input.admin.id);
  const deliveries = await deps.webhookDeliveries.redeliver(input.eventId, new Date());
  if (deliveries.length === 0) throw new WebhookEventNotFoundError();
  return deliveries;
}
