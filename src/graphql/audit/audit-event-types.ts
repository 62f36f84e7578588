import type { AuditRecord, SignInFailureReason } from '../../application/audit/audit-events.ts';
import type { EditableField, UserEventPayloads } from '../../domain/user-events.ts';
import { RoleEnum } from '../accounts/user-type.ts';
import { builder } from '../builder.ts';
import { AuditEventInterface, auditEventDescriptions } from './audit-event.ts';

/** A payload as the trail stores it: JSON, so a date is an ISO string. */
type Stored<T> = { [K in keyof T]: T[K] extends Date | null ? string | Exclude<T[K], Date> : T[K] };
type StoredPayloads = { [T in keyof UserEventPayloads]: Stored<UserEventPayloads[T]> } & {
  SignInFailed: { reason: SignInFailureReason; emailHash?: string };
};
const payloadOf = <T extends keyof StoredPayloads>(record: AuditRecord, _type: T) => record.payload as StoredPayloads[T];

/**
 * One object type per event type, named after it: the shared fields, and its payload's own. A
 * field name means one type across all of them (`UserUpdatedEvent.newName`, not a nullable `name`
 * beside `UserCreatedEvent.name: String!`), so that one query can hold a fragment on each without
 * aliases: GraphQL refuses same-named fields of different types side by side.
 */
const eventType = (type: keyof typeof auditEventDescriptions) => ({
  name: `${type}Event`,
  description: auditEventDescriptions[type],
  interfaces: [AuditEventInterface],
});

// Their payload is empty: what happened, to whom, by whom and when says it all.
for (const type of [
  'UserActivated',
  'UserDeactivated',
  'UserSignedIn',
  'PasswordChanged',
  'UserReinstated',
  'UserDeleted',
  'TokensRevoked',
] as const) {
  builder.objectRef<AuditRecord>(`${type}Event`).implement({ ...eventType(type), fields: () => ({}) });
}

builder.objectRef<AuditRecord>('UserCreatedEvent').implement({
  ...eventType('UserCreated'),
  fields: (t) => ({
    email: t.string({ description: 'The email it was created with.', resolve: (record) => payloadOf(record, 'UserCreated').email }),
    name: t.string({ description: 'The given name it was created with.', resolve: (record) => payloadOf(record, 'UserCreated').name }),
    surname: t.string({
      description: 'The family name it was created with.',
      resolve: (record) => payloadOf(record, 'UserCreated').surname,
    }),
    role: t.field({
      type: RoleEnum,
      description: 'The role it was created with.',
      resolve: (record) => payloadOf(record, 'UserCreated').role,
    }),
  }),
});

const EditableFieldEnum = builder.enumType('EditableField', {
  description: 'A detail of an account that the user or an admin may edit.',
  values: {
    NAME: { value: 'name', description: 'The given name.' },
    SURNAME: { value: 'surname', description: 'The family name.' },
    EMAIL: { value: 'email', description: 'The email (also the sign-in).' },
  } satisfies Record<string, { value: EditableField; description: string }>,
});

const newValue = (field: EditableField) => (record: AuditRecord) => payloadOf(record, 'UserUpdated')[field] ?? null;

builder.objectRef<AuditRecord>('UserUpdatedEvent').implement({
  ...eventType('UserUpdated'),
  fields: (t) => ({
    changed: t.field({
      type: [EditableFieldEnum],
      description: 'The details that changed (at least one), in the order NAME, SURNAME, EMAIL.',
      resolve: (record) => payloadOf(record, 'UserUpdated').changed,
    }),
    newName: t.string({ nullable: true, description: 'The new given name; null when it did not change.', resolve: newValue('name') }),
    newSurname: t.string({
      nullable: true,
      description: 'The new family name; null when it did not change.',
      resolve: newValue('surname'),
    }),
    newEmail: t.string({ nullable: true, description: 'The new email; null when it did not change.', resolve: newValue('email') }),
  }),
});

builder.objectRef<AuditRecord>('UserSuspendedEvent').implement({
  ...eventType('UserSuspended'),
  fields: (t) => ({
    reason: t.string({
      description: "The admin's reason, as they wrote it.",
      resolve: (record) => payloadOf(record, 'UserSuspended').reason,
    }),
    until: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the suspension was to end by itself; null: when an admin reinstates the account.',
      resolve: (record) => {
        const { until } = payloadOf(record, 'UserSuspended');
        return until === null ? null : new Date(until);
      },
    }),
  }),
});

builder.objectRef<AuditRecord>('RoleChangedEvent').implement({
  ...eventType('RoleChanged'),
  fields: (t) => ({
    from: t.field({ type: RoleEnum, description: 'The role before.', resolve: (record) => payloadOf(record, 'RoleChanged').from }),
    to: t.field({ type: RoleEnum, description: 'The role after.', resolve: (record) => payloadOf(record, 'RoleChanged').to }),
  }),
});

const SignInFailureReasonEnum = builder.enumType('SignInFailureReason', {
  description: 'Why a credential check failed.',
  values: {
    UNKNOWN_EMAIL: { description: 'No account has the email tried.' },
    WRONG_PASSWORD: { description: "The password is not the account's." },
  } satisfies Record<SignInFailureReason, { description: string }>,
});

builder.objectRef<AuditRecord>('SignInFailedEvent').implement({
  ...eventType('SignInFailed'),
  fields: (t) => ({
    failureReason: t.field({
      type: SignInFailureReasonEnum,
      description: 'An unknown email, or a wrong password for the account in `userId`.',
      resolve: (record) => payloadOf(record, 'SignInFailed').reason,
    }),
    clientAddress: t.string({
      description: "The client's full address (an IPv6 client's too), as the server or a trusted proxy saw it.",
      resolve: (record) => record.clientAddress ?? '',
    }),
    emailHash: t.string({
      nullable: true,
      description:
        'For an unknown email: a keyed hash of it (the one the audit log lines carry), never the address; null when the email names an account.',
      resolve: (record) => payloadOf(record, 'SignInFailed').emailHash ?? null,
    }),
  }),
});
