import type { AuditEventPage } from '../../application/audit/list-audit-events.ts';
import { builder } from '../builder.ts';
import { AuditEventInterface } from './audit-event.ts';
import { auditCursor } from './audit-event-cursor.ts';

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

export function toAuditConnection(page: AuditEventPage) {
  const edges = page.events.map((node) => ({ cursor: auditCursor.encode(node.position), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
