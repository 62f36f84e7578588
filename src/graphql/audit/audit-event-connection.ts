import type { AuditEventPage } from '../../application/audit/list-audit-events.ts';
import { builder } from '../builder.ts';
import { positionCursor } from '../shared/cursors.ts';
import { toConnection } from '../shared/paging.ts';
import { AuditEventInterface } from './audit-event.ts';

export const AuditEventConnection = builder.connectionObject(
  {
    type: AuditEventInterface,
    name: 'AuditEventConnection',
    description: 'A page of the audit trail (Relay cursor connection), newest first, by keyset.',
    edgesField: { description: 'The events of the page, newest first, each with its cursor.' },
  },
  {
    name: 'AuditEventEdge',
    description: 'An event of the page, with the cursor to page from it.',
    nodeField: { description: 'The event.' },
  },
);

/** The trail is paged by outbox position. */
export const auditCursor = positionCursor('audit', 'the audit trail');

export function toAuditConnection(page: AuditEventPage) {
  return toConnection(page, (event) => auditCursor.encode(event.position));
}
