import { listAuditEvents } from '../../application/audit/list-audit-events.ts';
import { ForbiddenError, NotAuthenticatedError } from '../../domain/errors.ts';
import { AuditEventConnection, auditCursor, toAuditConnection } from './audit-event-connection.ts';
import './audit-event-types.ts';
import './session-event-types.ts';
import { UserType } from '../accounts/user-type.ts';
import { admin, builder } from '../builder.ts';
import { conditionsOf, pageRequest, pageSize } from '../shared/paging.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { AuditEventFilterInput } from './audit-inputs.ts';

const errorTypes = [NotAuthenticatedError, ForbiddenError, ValidationError];

builder.queryField('auditEvents', (t) =>
  t.field({
    type: AuditEventConnection,
    description:
      'The audit trail: what happened to every account and every failed credential check, newest first, a page at a time (Relay cursor connection; `first` pages on to older events, `last` back to newer ones). Admins only.',
    authScopes: admin,
    args: {
      first: t.arg.int({ required: false, description: 'Page size going on (older): 1 to 100, default 20.', validate: pageSize }),
      after: t.arg.string({ required: false, description: 'The `endCursor` of the page before.' }),
      last: t.arg.int({ required: false, description: 'Page size going back (newer): 1 to 100.', validate: pageSize }),
      before: t.arg.string({ required: false, description: 'The `startCursor` of the page after.' }),
      filter: t.arg({ type: AuditEventFilterInput, required: false, description: 'Which events; all of them if left out.' }),
    },
    errors: { types: errorTypes, union: { description: 'A page of the audit trail, or why not.' } },
    resolve: async (_root, args, context) => {
      const request = { filter: conditionsOf(args.filter), ...pageRequest(args, auditCursor) };
      return toAuditConnection(await listAuditEvents(request, context));
    },
  }),
);

builder.objectField(UserType, 'auditEvents', (t) =>
  t.field({
    type: AuditEventConnection,
    description: "This account's audit trail, newest first, a page at a time (as `auditEvents` with a `userId`). Admins only.",
    authScopes: admin,
    args: {
      first: t.arg.int({ required: false, description: 'Page size: 1 to 100, default 20.', validate: pageSize }),
      after: t.arg.string({ required: false, description: 'The `endCursor` of the page before.' }),
    },
    errors: {
      types: errorTypes,
      union: { name: 'UserAuditEventsResult', description: "A page of the account's audit trail, or why not." },
    },
    resolve: async (user, args, context) => {
      const request = { filter: { userId: user.id }, ...pageRequest(args, auditCursor) };
      return toAuditConnection(await listAuditEvents(request, context));
    },
  }),
);
