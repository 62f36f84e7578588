import type { AuditQuery, AuditRecord } from '../../application/audit-events.ts';
import { auditRecordOf, type NewOutboxRecord, type OutboxRecord } from '../outbox-record.ts';

/** The in-memory twin of the `outbox` table: rows in the order written, each with its position. */
export class InMemoryOutbox {
  readonly #rows: OutboxRecord[] = [];
  #lastPosition = 0;

  append(records: Iterable<NewOutboxRecord>): void {
    for (const record of records) this.#rows.push({ ...structuredClone(record), position: ++this.#lastPosition });
  }

  /** The twin of MikroOrmAuditTrail.page: the same filters, newest first. */
  page(query: AuditQuery): AuditRecord[] {
    const lower = (id: string | undefined) => id?.toLowerCase();
    const [userId, actorId] = [lower(query.userId), lower(query.actorId)];
    const matching = this.#rows.filter(
      (row) =>
        (userId === undefined || row.userId === userId) &&
        (actorId === undefined || row.actorId === actorId) &&
        (query.types === undefined || query.types.includes(row.type)) &&
        (query.since === undefined || row.occurredAt >= query.since) &&
        (query.until === undefined || row.occurredAt < query.until) &&
        (query.before === undefined || row.position! < query.before),
    );
    return matching
      .reverse()
      .slice(0, query.limit)
      .map((row) => auditRecordOf(structuredClone(row)));
  }

  /** The twin of MikroOrmAuditTrail.prune. */
  prune(cutoff: Date): number {
    const before = this.#rows.length;
    const kept = this.#rows.filter((row) => row.occurredAt >= cutoff || row.deliveryStatus === 'pending');
    this.#rows.splice(0, this.#rows.length, ...kept);
    return before - kept.length;
  }
}
