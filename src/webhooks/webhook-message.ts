import { auditRecordOf, type OutboxRecord } from '../infrastructure/outbox-record.ts';

/** What one event sends: `id` goes into the `webhook-id` header (receivers deduplicate by it). */
export interface WebhookMessage {
  id: string;
  type: string;
  /** The JSON body, exactly as signed. */
  body: string;
}

/**
 * The body of an outbox event: `{ id, type, occurredAt, userId, actor, payload }`. The payload is
 * the event's own (never a password, hash or token); the actor is `{ kind, id }` (no id for `system`).
 */
export function webhookMessageOf(row: OutboxRecord): WebhookMessage {
  const { id, type, occurredAt, userId, actor, payload } = auditRecordOf(row);
  return { id, type, body: JSON.stringify({ id, type, occurredAt: occurredAt.toISOString(), userId, actor, payload }) };
}
