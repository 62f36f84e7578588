import { defineEntity, p } from '@mikro-orm/core';
import type { AuditEventType } from '../../application/audit/audit-events.ts';
import { OutboxRecord } from '../outbox-record.ts';

/**
 * The `outbox` table: every domain event, written by the unit of work in the transaction of its
 * change, and every security event, written on its own. The audit trail reads it newest first and
 * its consumers (webhook delivery) oldest first from a cursor, both by `position`.
 *
 * `position` is the key: an autoincrement (SQLite's `autoincrement` never reuses a number, even
 * after retention empties the table), so it only grows. On PostgreSQL numbers are taken at insert
 * and rows commit in any order: a reader can see 11 before 10 commits. Keyset pages live with
 * that; a cursor that must never miss a row must not pass a missing position until no
 * transaction can still hold it (see webhooks/mikro-orm/outbox-gaps.ts).
 */
export const OutboxSchema = defineEntity({
  class: OutboxRecord,
  tableName: 'outbox',
  properties: {
    position: p.bigint('number').primary().autoincrement(),
    // What consumers deduplicate by.
    id: p.uuid().unique(),
    type: p.string().length(40).$type<AuditEventType>(),
    occurredAt: p.datetime(),
    userId: p.uuid().nullable(),
    actorKind: p.string().length(16).$type<OutboxRecord['actorKind']>(),
    actorId: p.uuid().nullable(),
    payload: p.json<Record<string, unknown>>(),
    clientAddress: p.string().length(64).nullable(),
  },
  indexes: [
    // The audit trail's filters, each newest first by position.
    { name: 'outbox_user_id_position_index', properties: ['userId', 'position'] },
    { name: 'outbox_actor_id_position_index', properties: ['actorId', 'position'] },
    { name: 'outbox_type_position_index', properties: ['type', 'position'] },
    // Retention, and `since`/`until`.
    { name: 'outbox_occurred_at_index', properties: ['occurredAt'] },
  ],
});
