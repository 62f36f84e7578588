import type { WebhookDeliveries } from '../ports.ts';
import { type KeysetPage, keysetPage } from '../shared/keyset-page.ts';
import type { WebhookDelivery, WebhookDeliveryStatus } from './webhook-deliveries.ts';

export interface ListWebhookDeliveriesInput {
  status?: WebhookDeliveryStatus | undefined;
  /** How many events (each with its deliveries to every URL). */
  first?: number | undefined;
  /** The position of the last event of the page before. */
  after?: number | undefined;
}

export type WebhookDeliveryPage = KeysetPage<WebhookDelivery>;

/** Deliveries a page of events at a time, newest first, by keyset: the page counts events, so it never splits one. */
export async function listWebhookDeliveries(
  input: ListWebhookDeliveriesInput,
  deps: { webhookDeliveries: WebhookDeliveries },
): Promise<WebhookDeliveryPage> {
  const { first, after, status } = input;
  const page = await keysetPage({ first, after }, async ({ after: olderThan, limit }) =>
    byEvent(await deps.webhookDeliveries.page({ status, olderThan, limit })),
  );
  // Forward only: the store is never asked what lies before the cursor, and no page claims it.
  return { items: page.items.flat(), hasNextPage: page.hasNextPage, hasPreviousPage: async () => false };
}

/** The rows of each event together, in the order the store gave them. */
function byEvent(rows: WebhookDelivery[]): WebhookDelivery[][] {
  const events = Map.groupBy(rows, (row) => row.eventPosition);
  return [...events.values()];
}
