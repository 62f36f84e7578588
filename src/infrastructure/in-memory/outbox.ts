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
    const inclusive = query.inclusive === true;
    const matching = this.#rows.filter(
      (row) =>
        (userId === undefined || row.userId === userId) &&
        (actorId === undefined || row.actorId === actorId) &&
        (query.types === undefined || query.types.includes(row.type)) &&
        (query.since === undefined || row.occurredAt >= query.since) &&
        (query.until === undefined || row.occurredAt < query.until) &&
        (query.olderThan === undefined || row.position! < query.olderThan || (inclusive && row.position === query.olderThan)) &&
        (query.newerThan === undefined || row.position! > query.newerThan || (inclusive && row.position === query.newerThan)),
    );
    // Rows are kept oldest first: the oldest `limit` are the first ones.
    const taken = query.fromOldest ? matching.slice(0, query.limit) : matching.slice(Math.max(0, matching.length - query.limit));
    return taken.reverse().map((row) => auditRecordOf(structuredClone(row)));
  }

  /** The twin of MikroOrmAuditTrail.prune (no webhook deliveries here: none is kept for one). */
  prune(cutoff: Date): number {
    const before = this.#rows.length;
    const kept = this.#rows.filter((row) => row.occurredAt >= cutoff);
    this.#rows.splice(0, this.#rows.length, ...kept);
    return before - kept.length;
  }
}
