import type { AuditQuery, AuditRecord } from '../../application/audit/audit-events.ts';
import { auditRecordOf, type NewOutboxRecord, type OutboxRecord } from '../outbox-record.ts';

/**
 * A reader of the outbox that retention waits for (a webhook consumer): which old rows it still
 * needs, and which rows retention removed.
 */
export interface OutboxReader {
  needs(position: number, cutoff: Date): boolean;
  pruned(positions: number[]): void;
}

/** The in-memory twin of the `outbox` table: rows in the order written, each with its position. */
export class InMemoryOutbox {
  readonly #rows: OutboxRecord[] = [];
  readonly #readers: OutboxReader[] = [];
  #lastPosition = 0;

  /** Retention keeps what `reader` still needs from now on. */
  readBy(reader: OutboxReader): void {
    this.#readers.push(reader);
  }

  /** The position of the newest row, 0 before the first. */
  lastPosition(): number {
    return this.#lastPosition;
  }

  /** The rows after `position`, oldest first, at most `limit`: copies. */
  after(position: number, limit: number): OutboxRecord[] {
    return this.#rows
      .filter((row) => row.position! > position)
      .slice(0, limit)
      .map((row) => structuredClone(row));
  }

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

  /** The twin of MikroOrmAuditTrail.prune: what is older than `cutoff` and no reader needs. */
  prune(cutoff: Date): number {
    const needed = (row: OutboxRecord) => this.#readers.some((reader) => reader.needs(row.position!, cutoff));
    const pruned = this.#rows.filter((row) => row.occurredAt < cutoff && !needed(row)).map((row) => row.position!);
    const gone = new Set(pruned);
    this.#rows.splice(0, this.#rows.length, ...this.#rows.filter((row) => !gone.has(row.position!)));
    for (const reader of this.#readers) reader.pruned(pruned);
    return pruned.length;
  }
}
