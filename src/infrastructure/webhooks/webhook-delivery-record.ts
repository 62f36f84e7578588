import type { WebhookDeliveryStatus } from '../../application/webhook-deliveries.ts';

/**
 * One row of `webhook_deliveries`: the delivery of one outbox event to one URL. Written by the unit
 * of work in the transaction of the event, one row per configured URL, `pending` and due at once.
 */
export class WebhookDeliveryRecord {
  /** The outbox row's `position`: the order of delivery to each URL. */
  eventPosition!: number;
  url!: string;
  status!: WebhookDeliveryStatus;
  attempts!: number;
  /** Pending: when it may be sent (again), or until when a worker holds it. Null otherwise. */
  nextAttemptAt!: Date | null;
  lastError!: string | null;
  deliveredAt!: Date | null;
}

/** Which URLs get an event of each type (none: not delivered), and whom to tell when some were written. */
export interface WebhookRouting {
  urlsFor(type: string): readonly string[];
  /** Called after a commit that wrote deliveries: the worker of this process sends them at once. */
  written?(): void;
}

/** The rows of one event's deliveries, pending and due at the event's time. */
export function deliveryRecordsOf(eventPosition: number, occurredAt: Date, urls: readonly string[]): WebhookDeliveryRecord[] {
  return urls.map((url) => ({
    eventPosition,
    url,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: occurredAt,
    lastError: null,
    deliveredAt: null,
  }));
}
