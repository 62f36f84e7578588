import type { AuditRecord } from '../../application/audit/audit-events.ts';
import type { SessionEndReason, SessionEventPayloads } from '../../domain/session-events.ts';
import { builder } from '../builder.ts';
import { AuditEventInterface, auditEventDescriptions } from './audit-event.ts';

const payloadOf = <T extends keyof SessionEventPayloads>(record: AuditRecord, _type: T) => record.payload as SessionEventPayloads[T];

/** As audit-event-types.ts does it: the shared fields, and the payload's own, each name of one type across all events. */
const eventType = (type: keyof SessionEventPayloads) => ({
  name: `${type}Event`,
  description: auditEventDescriptions[type],
  interfaces: [AuditEventInterface],
});

const sessionId = (type: keyof SessionEventPayloads) => ({
  description: 'The session (`Session.id`).',
  resolve: (record: AuditRecord) => payloadOf(record, type).sessionId,
});

const SessionEndReasonEnum = builder.enumType('SessionEndReason', {
  description: 'Why a session ended before its time.',
  values: {
    SIGNED_OUT: { description: 'Its user signed out (`signOut`).' },
    REVOKED: {
      description:
        'Ended by id or as one of many (`revokeSession`, `revokeOtherSessions`, `revokeUserSessions`), or pushed out by a sign-in beyond `MAX_SESSIONS_PER_USER`.',
    },
    PASSWORD_CHANGED: { description: 'Its user changed their password in another session.' },
    SIGNED_OUT_EVERYWHERE: { description: 'Its user signed out everywhere (`signOutEverywhere`).' },
    DEACTIVATED: { description: 'The account was deactivated.' },
    SUSPENDED: { description: 'An admin suspended the account.' },
    DELETED: { description: 'The account was deleted.' },
    REUSE_DETECTED: { description: 'An exchanged refresh token of it came back (see RefreshTokenReusedEvent).' },
  } satisfies Record<SessionEndReason, { description: string }>,
});

builder.objectRef<AuditRecord>('SessionStartedEvent').implement({
  ...eventType('SessionStarted'),
  fields: (t) => ({
    sessionId: t.id(sessionId('SessionStarted')),
    userAgent: t.string({
      nullable: true,
      description: "The sign-in request's `User-Agent` (at most 256 characters, control characters removed).",
      resolve: (record) => payloadOf(record, 'SessionStarted').userAgent,
    }),
    ipAddress: t.string({
      nullable: true,
      description: 'The address the request came from, as the per-address limits see the client.',
      resolve: (record) => payloadOf(record, 'SessionStarted').ipAddress,
    }),
  }),
});

builder.objectRef<AuditRecord>('SessionEndedEvent').implement({
  ...eventType('SessionEnded'),
  fields: (t) => ({
    sessionId: t.id(sessionId('SessionEnded')),
    endReason: t.field({
      type: SessionEndReasonEnum,
      description: 'Why it ended; `actor` says who ended it.',
      resolve: (record) => payloadOf(record, 'SessionEnded').reason,
    }),
  }),
});

builder.objectRef<AuditRecord>('RefreshTokenReusedEvent').implement({
  ...eventType('RefreshTokenReused'),
  fields: (t) => ({
    sessionId: t.id(sessionId('RefreshTokenReused')),
    ipAddress: t.string({
      nullable: true,
      description: 'The address the replayed token came from, as the per-address limits see the client.',
      resolve: (record) => payloadOf(record, 'RefreshTokenReused').ipAddress,
    }),
  }),
});
