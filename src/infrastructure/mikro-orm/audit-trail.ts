import { type FilterQuery, type MikroORM, raw } from '@mikro-orm/core';
import type { AuditQuery, AuditRecord, SignInFailed } from '../../application/audit-events.ts';
import type { AuditTrail, SecurityEvents } from '../../application/ports.ts';
import { type AuditTrailOptions, auditRecordOf, OutboxRecord, pruneBatchSize, securityRecordOf } from '../outbox-record.ts';
import { WebhookDeliveryRecord } from '../webhooks/webhook-delivery-record.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The outbox table on MikroORM, outside any unit of work: security events written one statement
 * (one transaction) each, the trail read newest first, and old rows pruned.
 */
export class MikroOrmAuditTrail implements AuditTrail, SecurityEvents {
  readonly #orm: MikroORM;
  readonly #options: AuditTrailOptions;

  constructor(orm: MikroORM, options: AuditTrailOptions) {
    this.#orm = orm;
    this.#options = options;
  }

  async record(event: SignInFailed): Promise<void> {
    await this.#orm.em.fork().insert(OutboxRecord, securityRecordOf(event, this.#options.hashEmail));
  }

  async page(query: AuditQuery): Promise<AuditRecord[]> {
    // Ids come from clients: one that is no UUID names no one (PostgreSQL would refuse the query).
    if ([query.userId, query.actorId].some((id) => id !== undefined && !uuid.test(id))) return [];
    const conditions: FilterQuery<OutboxRecord>[] = [];
    if (query.userId !== undefined) conditions.push({ userId: query.userId.toLowerCase() });
    if (query.actorId !== undefined) conditions.push({ actorId: query.actorId.toLowerCase() });
    if (query.types !== undefined) conditions.push({ type: { $in: [...query.types] } });
    if (query.since !== undefined) conditions.push({ occurredAt: { $gte: query.since } });
    if (query.until !== undefined) conditions.push({ occurredAt: { $lt: query.until } });
    if (query.olderThan !== undefined) conditions.push({ position: { [query.inclusive ? '$lte' : '$lt']: query.olderThan } });
    if (query.newerThan !== undefined) conditions.push({ position: { [query.inclusive ? '$gte' : '$gt']: query.newerThan } });
    const rows = await this.#orm.em.fork().find(OutboxRecord, conditions.length === 0 ? {} : { $and: conditions }, {
      orderBy: { position: query.fromOldest ? 'asc' : 'desc' },
      limit: query.limit,
      disableIdentityMap: true,
    });
    if (query.fromOldest) rows.reverse();
    return rows.map(auditRecordOf);
  }

  /**
   * Deletes the rows that occurred before `cutoff`, except those with a webhook delivery still
   * pending, a batch at a time (a SQLite writer holds the file's one lock meanwhile). Answers how many.
   */
  async prune(cutoff: Date): Promise<number> {
    const em = this.#orm.em.fork();
    const prunable: FilterQuery<OutboxRecord> = {
      occurredAt: { $lt: cutoff },
      // Not a row whose webhook delivery to some URL is still pending.
      [raw(
        (alias) => `not exists (select 1 from webhook_deliveries d where d.event_position = ${alias}.position and d.status = 'pending')`,
      )]: [],
    };
    let deleted = 0;
    for (;;) {
      const batch = await em.find(OutboxRecord, prunable, {
        fields: ['position'],
        orderBy: { position: 'asc' },
        limit: pruneBatchSize,
        disableIdentityMap: true,
      });
      if (batch.length > 0) {
        const positions = batch.map((row) => row.position!);
        // Their deliveries first (delivered or failed ones): none outlives its event.
        await em.nativeDelete(WebhookDeliveryRecord, { eventPosition: { $in: positions } });
        deleted += await em.nativeDelete(OutboxRecord, { position: { $in: positions } });
      }
      if (batch.length < pruneBatchSize) return deleted;
    }
  }
}
