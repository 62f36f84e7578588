import type { WebhookDeliveries } from '../ports.ts';
import type { WebhookDelivery, WebhookDeliveryStatus } from './webhook-deliveries.ts';

export interface ListWebhookDeliveriesInput {
  status?: WebhookDeliveryStatus | undefined;
  /** How many events (each with its deliveries to every URL). */
  first?: number | undefined;
  /** The position of the last event of the page before. */
  after?: number | undefined;
}

export interface WebhookDeliveryPage {
  deliveries: WebhookDelivery[];
  hasNextPage: boolean;
}

const defaultPageSize = 20;

/** Deliveries a page of events at a time, newest first, by keyset: one event more than asked says whether more follow. */
export async function listWebhookDeliveries(
  input: ListWebhookDeliveriesInput,
  deps: { webhookDeliveries: WebhookDeliveries },
): Promise<WebhookDeliveryPage> {
  const size = input.first ?? defaultPageSize;
  const rows = await deps.webhookDeliveries.page({ status: input.status, olderThan: input.after, limit: size + 1 });
  const events = [...new Set(rows.map((row) => row.eventPosition))];
  const kept = new Set(events.slice(0, size));
  return { deliveries: rows.filter((row) => kept.has(row.eventPosition)), hasNextPage: events.length > size };
}
