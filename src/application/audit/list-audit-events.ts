import type { AuditTrail } from '../ports.ts';
import type { AuditFilter, AuditRecord } from './audit-events.ts';

export interface ListAuditEventsInput {
  filter: AuditFilter;
  /**
   * Relay's arguments over the trail newest first: `first` (with `after`, a row's position) pages
   * on to older rows, `last` (with `before`) back to newer ones.
   */
  first?: number | undefined;
  after?: number | undefined;
  last?: number | undefined;
  before?: number | undefined;
}

export interface AuditEventPage {
  events: AuditRecord[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const defaultPageSize = 20;

/**
 * A page of the audit trail, newest first, by keyset on position (never by offset), as listUsers
 * pages users: one row more than asked tells whether the next page exists; for the other side,
 * whether any row lies on the far side of the cursor (the cursor's own row included).
 */
export async function listAuditEvents(input: ListAuditEventsInput, deps: { auditTrail: AuditTrail }): Promise<AuditEventPage> {
  const { filter, after, before } = input;
  // `last`, or `before` alone, is the page that ends at the cursor.
  const backwards = input.first === undefined && (input.last !== undefined || before !== undefined);
  const size = (backwards ? input.last : input.first) ?? defaultPageSize;
  const trail = deps.auditTrail;
  // After a row in this order is older than it; before it, newer.
  const rows = await trail.page({ ...filter, olderThan: after, newerThan: before, fromOldest: backwards, limit: size + 1 });
  const more = rows.length > size;
  // Going back, the extra row (if any) is the first one.
  const events = backwards ? rows.slice(Math.max(0, rows.length - size)) : rows.slice(0, size);
  const beyond = async (side: 'olderThan' | 'newerThan', position: number | undefined) =>
    position !== undefined && (await trail.page({ ...filter, [side]: position, inclusive: true, limit: 1 })).length > 0;
  return {
    events,
    hasNextPage: backwards ? await beyond('olderThan', before) : more,
    hasPreviousPage: backwards ? more : await beyond('newerThan', after),
  };
}
