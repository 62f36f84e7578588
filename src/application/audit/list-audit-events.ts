import type { AuditTrail } from '../ports.ts';
import { type KeysetPage, keysetPage, type PageRequest } from '../shared/keyset-page.ts';
import type { AuditFilter, AuditRecord } from './audit-events.ts';

/**
 * Relay's arguments over the trail newest first: `first` (with `after`, a row's position) pages
 * on to older rows, `last` (with `before`) back to newer ones.
 */
export interface ListAuditEventsInput extends PageRequest<number> {
  filter: AuditFilter;
}

export type AuditEventPage = KeysetPage<AuditRecord>;

/** A page of the audit trail, newest first, by keyset on position, as listUsers pages users. */
export function listAuditEvents(input: ListAuditEventsInput, deps: { auditTrail: AuditTrail }): Promise<AuditEventPage> {
  // After a row in this order is older than it; before it, newer.
  return keysetPage(input, ({ after, before, inclusive, fromEnd, limit }) =>
    deps.auditTrail.page({ ...input.filter, olderThan: after, newerThan: before, inclusive, fromOldest: fromEnd, limit }),
  );
}
