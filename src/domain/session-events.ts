import type { Actor, UserEvent } from './user-events.ts';

/** Why a session ended. A session that simply expires ends for none of them: it records nothing. */
export type SessionEndReason =
  | 'SIGNED_OUT'
  | 'REVOKED'
  | 'PASSWORD_CHANGED'
  | 'SIGNED_OUT_EVERYWHERE'
  | 'DEACTIVATED'
  | 'SUSPENDED'
  | 'DELETED'
  | 'REUSE_DETECTED';

/** Each session event's payload: the session's id, never a token. The address as the per-address limits see it. */
export interface SessionEventPayloads {
  SessionStarted: { sessionId: string; userAgent: string | null; ipAddress: string | null };
  SessionEnded: { sessionId: string; reason: SessionEndReason };
  /** A refresh token presented again after its successor was issued (and the grace window passed). */
  RefreshTokenReused: { sessionId: string; ipAddress: string | null };
}

export type SessionEventType = keyof SessionEventPayloads;

export const sessionEventTypes = ['SessionStarted', 'SessionEnded', 'RefreshTokenReused'] as const satisfies readonly SessionEventType[];

/** A fact about one session of a user, shaped as a UserEvent is (the outbox stores both alike). */
export type SessionEvent = {
  [T in SessionEventType]: { id: string; type: T; occurredAt: Date; userId: string; actor: Actor; payload: SessionEventPayloads[T] };
}[SessionEventType];

/** Every event an aggregate records, as the unit of work writes it to the outbox. */
export type DomainEvent = UserEvent | SessionEvent;

export function sessionEvent<T extends SessionEventType>(
  type: T,
  userId: string,
  actor: Actor,
  payload: SessionEventPayloads[T],
  occurredAt: Date,
): SessionEvent {
  return { id: crypto.randomUUID(), type, occurredAt, userId, actor, payload } as SessionEvent;
}

/**
 * The reason a user's event ends the user's sessions, or null. The unit of work asks it of every
 * user event it commits, so no use case has to remember to end them (as with the last admin).
 * A password change ends all but the session of the request that changed it.
 */
export function sessionEndReasonOf(event: UserEvent): SessionEndReason | null {
  switch (event.type) {
    case 'PasswordChanged':
      return 'PASSWORD_CHANGED';
    case 'TokensRevoked':
      return 'SIGNED_OUT_EVERYWHERE';
    case 'UserDeactivated':
      return 'DEACTIVATED';
    case 'UserSuspended':
      return 'SUSPENDED';
    case 'UserDeleted':
      return 'DELETED';
    default:
      return null;
  }
}
