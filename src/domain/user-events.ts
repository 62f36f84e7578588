import type { Role } from './user.ts';

/**
 * Who made a change: the user themself (self-service, sign-up, sign-in), an admin acting on
 * someone's account (by the admin's id), or the system (the `admin:grant` command, nobody signed in).
 * Spelled as GraphQL's `ActorKind` and the roles are, so the API, the outbox and webhooks say the same.
 */
export type Actor = { kind: 'SELF'; id: string } | { kind: 'ADMIN'; id: string } | { kind: 'SYSTEM' };

export const systemActor: Actor = { kind: 'SYSTEM' };
export const selfActor = (userId: string): Actor => ({ kind: 'SELF', id: userId });
export const adminActor = (adminId: string): Actor => ({ kind: 'ADMIN', id: adminId });

/** The details an admin or the user may edit; `UserUpdated` names which of them changed. */
export type EditableField = 'name' | 'surname' | 'email';

/**
 * Each event's payload: small, typed, never a password or a hash. A change of a field carries its
 * new value; `UserSignedIn` carries no email at all (the user id names the account).
 */
export interface UserEventPayloads {
  UserCreated: { email: string; name: string; surname: string; role: Role };
  UserActivated: Record<string, never>;
  /** Also revokes every token issued so far. */
  UserDeactivated: Record<string, never>;
  UserSignedIn: Record<string, never>;
  /** Also revokes every token issued so far. */
  PasswordChanged: Record<string, never>;
  /** The fields that changed, in this order, and their new values. */
  UserUpdated: { changed: EditableField[] } & Partial<Record<EditableField, string>>;
  /** Also revokes every token issued so far. `until`: when it ends by itself (null: when reinstated). */
  UserSuspended: { reason: string; until: Date | null };
  UserReinstated: Record<string, never>;
  RoleChanged: { from: Role; to: Role };
  /** The account and its row are gone; this event outlives them. */
  UserDeleted: Record<string, never>;
  /** Signing out everywhere (deactivation, suspension and a password change revoke tokens too, under their own event). */
  TokensRevoked: Record<string, never>;
}

export type UserEventType = keyof UserEventPayloads;

export const userEventTypes = [
  'UserCreated',
  'UserActivated',
  'UserDeactivated',
  'UserSignedIn',
  'PasswordChanged',
  'UserUpdated',
  'UserSuspended',
  'UserReinstated',
  'RoleChanged',
  'UserDeleted',
  'TokensRevoked',
] as const satisfies readonly UserEventType[];

/** A fact about one user, in past tense, as the User aggregate recorded it. */
export type UserEvent = {
  [T in UserEventType]: {
    /** A UUID of its own: consumers deduplicate by it. */
    id: string;
    type: T;
    occurredAt: Date;
    userId: string;
    actor: Actor;
    payload: UserEventPayloads[T];
  };
}[UserEventType];

export function userEvent<T extends UserEventType>(
  type: T,
  userId: string,
  actor: Actor,
  payload: UserEventPayloads[T],
  occurredAt: Date,
): UserEvent {
  return { id: crypto.randomUUID(), type, occurredAt, userId, actor, payload } as UserEvent;
}

/**
 * Whether the event can take its user out of the active admins: a role changed away from ADMIN, a
 * suspension, a deactivation or a deletion. It does only if the user was an active admin before
 * (see User.mayTakeAnAdminAway); a commit that carries such a change must leave one.
 */
export function canTakeAnAdminAway(event: UserEvent): boolean {
  switch (event.type) {
    case 'RoleChanged':
      return event.payload.from === 'ADMIN';
    case 'UserSuspended':
    case 'UserDeactivated':
    case 'UserDeleted':
      return true;
    default:
      return false;
  }
}
