import { type FilterQuery, type MikroORM, raw } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { AuditQuery, AuditRecord } from '../../application/audit/audit-events.ts';
import type { AuditTrail } from '../../application/ports.ts';
import type { WebhookDeliveryStatus } from '../../application/webhooks/webhook-deliveries.ts';
import { isUuid } from '../../domain/uuid.ts';
import type { SecurityEventWriter } from '../credential-audit-sink.ts';
import { auditRecordOf, OutboxRecord, pruneBatchSize, type SignInFailed, securityRecordOf } from '../outbox-record.ts';

/** Delivered, or given up on: a delivery in neither state may still be sent, and keeps its event. */
const finished: readonly WebhookDeliveryStatus[] = ['delivered', 'failed'];
const unfinished = `status not in (${finished.map((status) => `'${status}'`).join(', ')})`;
const allFinished = (position: string) =>
  `not exists (select 1 from webhook_deliveries d where d.event_position = ${position} and d.${unfinished})`;
/** Not yet read by a webhook cursor that someone followed since `?`: its deliveries are still to be written. */
const readByCursors = (position: string) =>
  `not exists (select 1 from webhook_cursors c where c.position < ${position} and c.followed_at >= ?)`;

/**
 * The outbox table on MikroORM, outside any unit of work: security events written one statement
 * (one transaction) each, the trail read newest first, and old rows pruned.
 */
export class MikroOrmAuditTrail implements AuditTrail, SecurityEventWriter {
  readonly #orm: MikroORM;
  readonly #locksRows: boolean;

  constructor(orm: MikroORM) {
    this.#orm = orm;
    this.#locksRows = orm.em.getPlatform() instanceof PostgreSqlPlatform;
  }

  async record(event: SignInFailed): Promise<void> {
    await this.#orm.em.fork().insert(OutboxRecord, securityRecordOf(event));
  }

  async page(query: AuditQuery): Promise<AuditRecord[]> {
    // Ids come from clients: one that is no UUID names no one (PostgreSQL would refuse the query).
    if ([query.userId, query.actorId].some((id) => id !== undefined && !isUuid(id))) return [];
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
   * Deletes the rows that occurred before `cutoff` whose webhook deliveries are all finished (or that
   * have none), with those deliveries, a batch at a time (a SQLite writer holds the file's one lock
   * meanwhile). A row a webhook URL's cursor has not passed yet stays, unless no worker moved that
   * cursor since the cutoff (a URL no longer set). Answers how many rows it deleted.
   */
  async prune(cutoff: Date): Promise<number> {
    const em = this.#orm.em.fork();
    const prunable: FilterQuery<OutboxRecord> = {
      occurredAt: { $lt: cutoff },
      [raw((alias) => allFinished(`${alias}.position`))]: [],
      [raw((alias) => readByCursors(`${alias}.position`), [em.getPlatform().processDateProperty(cutoff)])]: [],
    };
    let deleted = 0;
    for (;;) {
      const batch = await em.find(OutboxRecord, prunable, {
        fields: ['position'],
        orderBy: { position: 'asc' },
        limit: pruneBatchSize,
        disableIdentityMap: true,
      });
      if (batch.length > 0) deleted += await this.#deleteIfFinished(batch.map((row) => row.position!));
      if (batch.length < pruneBatchSize) return deleted;
    }
  }

  /**
   * Deletes these events, each with its deliveries, if all of them are finished now: the choice
   * may be stale, as an admin's redelivery makes a failed delivery pending again, so the deletes
   * check it themselves, in one transaction. On PostgreSQL the deliveries are locked first, in
   * order: a redelivery either committed before (and keeps its event) or waits, then finds nothing
   * left to send. On SQLite the first statement is a delete, which takes the file's write
   * lock before reading anything (had the transaction read first, another process's commit
   * meanwhile would fail it with SQLITE_BUSY_SNAPSHOT).
   */
  #deleteIfFinished(positions: number[]): Promise<number> {
    const inBatch = `in (${positions.map(() => '?').join(', ')})`;
    return this.#orm.em.fork().transactional(async (em) => {
      const run = (sql: string, parameters: number[]) => em.getConnection().execute(sql, parameters, 'run', em.getTransactionContext());
      if (this.#locksRows) {
        await run(`select 1 from webhook_deliveries where event_position ${inBatch} order by event_position, url for update`, positions);
      }
      await run(
        `delete from webhook_deliveries where event_position ${inBatch}
         and event_position not in (select event_position from webhook_deliveries where event_position ${inBatch} and ${unfinished})`,
        [...positions, ...positions],
      );
      // The events left with no delivery: those just deleted, and those that had none.
      const events = await run(
        `delete from outbox where position ${inBatch} and not exists (select 1 from webhook_deliveries d where d.event_position = outbox.position)`,
        positions,
      );
      return events.affectedRows;
    });
  }
}
