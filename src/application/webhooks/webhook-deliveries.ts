import { DomainError } from '../../domain/errors.ts';
import type { SessionEventType } from '../../domain/session-events.ts';
import type { UserEventType } from '../../domain/user-events.ts';

/** `pending`: to be sent (at `nextAttemptAt`); `delivered`: a receiver answered 2xx; `failed`: given up. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event's delivery to one webhook URL. */
export interface WebhookDelivery {
  eventId: string;
  eventType: UserEventType | SessionEventType;
  /** The event's place in the outbox: each user's deliveries to a URL go out in this order. */
  eventPosition: number;
  occurredAt: Date;
  /** Without its query string (`?…`), which may hold a receiver's credentials. */
  url: string;
  status: WebhookDeliveryStatus;
  /** Attempts made so far, the successful one included. */
  attempts: number;
  /** What the last failed attempt met (`HTTP 503`, `ECONNREFUSED`, a timeout); kept once delivered. */
  lastError: string | null;
  /** When the next attempt may start; null unless pending. */
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * A page of deliveries by event, newest first, by keyset on the event's position: each event comes
 * with all of its deliveries (one per URL) that match, so a page never splits one.
 */
export interface WebhookDeliveryQuery {
  status?: WebhookDeliveryStatus | undefined;
  /** Only events older than this position (the last one of the page before). */
  olderThan?: number | undefined;
  /** How many events. */
  limit: number;
}

/** No webhook delivery belongs to an event with this id (none was ever due, or retention removed it). */
export class WebhookEventNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_EVENT_NOT_FOUND';
  constructor() {
    super('No webhook delivery has this event id');
  }
}
