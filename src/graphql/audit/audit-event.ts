import type { AuditEventType, AuditRecord, SecurityActor } from '../../application/audit/audit-events.ts';
import { builder } from '../builder.ts';

/** What each kind of event means: the enum value and the object type of one event type share it. */
export const auditEventDescriptions: Record<AuditEventType, string> = {
  UserCreated: 'An account was created (inactive), with these details.',
  UserActivated: 'The account was activated.',
  UserDeactivated: 'The account was deactivated; every token issued so far was revoked.',
  UserSignedIn: 'The user signed in (a token was issued).',
  PasswordChanged: 'The user changed their password; every older token was revoked.',
  UserUpdated: 'Details of the account changed: which ones, and their new values.',
  UserSuspended: 'An admin suspended the account; every token issued so far was revoked.',
  UserReinstated: 'An admin lifted the suspension.',
  RoleChanged: "The account's role changed.",
  UserDeleted: 'The account was deleted; its events outlive it.',
  TokensRevoked: 'The user signed out everywhere: every token issued so far was revoked.',
  SessionStarted: 'A sign-in started a session: its id, and where it came from.',
  SessionEnded:
    'A session ended before its time, and why (a session that simply expires records nothing); its refresh and access tokens stopped working at once.',
  RefreshTokenReused:
    'A refresh token was presented again after it had been exchanged (and the grace window had passed): someone else may hold it, so its session ended (REUSE_DETECTED).',
  SignInFailed:
    'A credential check failed (signIn, activate, deactivate, changePassword or deleteMe): an unknown email or a wrong password. Only attempts the rate limits let through are recorded.',
};

export const AuditEventTypeEnum = builder.enumType('AuditEventType', {
  description:
    'The kind of an audit event, named as the service records (and webhooks deliver) it; each has an object type of the same name ending in `Event`.',
  values: Object.fromEntries(Object.entries(auditEventDescriptions).map(([type, description]) => [type, { description }])) as Record<
    AuditEventType,
    { description: string }
  >,
});

const ActorKindEnum = builder.enumType('ActorKind', {
  description: 'Who acted, by kind.',
  values: {
    SELF: { value: 'SELF', description: 'The user themself (sign-up, self-service, signing in).' },
    ADMIN: { value: 'ADMIN', description: "An admin, on someone's account (their own included)." },
    SYSTEM: { value: 'SYSTEM', description: 'The service itself, nobody signed in: `npm run admin:grant`, a replayed refresh token.' },
    ANONYMOUS: { value: 'ANONYMOUS', description: 'Someone not signed in: a failed credential check.' },
  } satisfies Record<string, { value: SecurityActor['kind']; description: string }>,
});

const ActorType = builder.objectRef<SecurityActor>('Actor').implement({
  description: 'Who made the change or the attempt.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ActorKindEnum, description: 'The user, an admin, the system, or someone not signed in.' }),
    id: t.id({
      nullable: true,
      description: "The acting user's or admin's id (the account may be gone since); null for SYSTEM and ANONYMOUS.",
      resolve: (actor) => ('id' in actor ? actor.id : null),
    }),
  }),
});

/** Every event: the fields all share; each type adds its own payload (see audit-event-types.ts). */
export const AuditEventInterface = builder.interfaceRef<AuditRecord>('AuditEvent').implement({
  description:
    'A fact in the audit trail, past tense, as recorded when it happened. Ask for `__typename` and a fragment per type for the details.',
  resolveType: (record) => `${record.type}Event`,
  fields: (t) => ({
    id: t.exposeID('id', { description: "The event's own UUID (what webhook consumers deduplicate by)." }),
    type: t.expose('type', { type: AuditEventTypeEnum, description: 'What happened; `__typename` is this name followed by `Event`.' }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When it happened.' }),
    userId: t.exposeID('userId', {
      nullable: true,
      description: 'The account it happened to (it may be deleted since); null for a failed check of an email that names no account.',
    }),
    actor: t.expose('actor', { type: ActorType, description: 'Who did it.' }),
  }),
});
