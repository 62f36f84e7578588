import type { SessionEventType } from '../../domain/session-events.ts';
import type { Actor, UserEventType } from '../../domain/user-events.ts';

/** The two failures the credential limits count: no account has the email, or the password is wrong. */
export type SignInFailureReason = 'UNKNOWN_EMAIL' | 'WRONG_PASSWORD';

/**
 * Who tried a credential check: nobody known (a credentials mutation), or the signed-in user
 * confirming their password. A failed check is a `SignInFailed` security event (see
 * CredentialAudit): not a domain event, since no aggregate changed.
 */
export type SecurityActor = Actor | { kind: 'ANONYMOUS' };

export type AuditEventType = UserEventType | SessionEventType | 'SignInFailed';

/** One row of the outbox as the audit trail reads it; `position` orders all of them. */
export interface AuditRecord {
  /** Increases with every row written: newest first is highest first. */
  position: number;
  id: string;
  type: AuditEventType;
  occurredAt: Date;
  userId: string | null;
  actor: SecurityActor;
  /** The event's payload as stored (JSON: a date is an ISO string). */
  payload: Record<string, unknown>;
  clientAddress: string | null;
}

/** Which rows of the trail; every condition given must hold. */
export interface AuditFilter {
  userId?: string | undefined;
  /** The admin's or the user's id, whoever acted. */
  actorId?: string | undefined;
  types?: readonly AuditEventType[] | undefined;
  /** From this time on, inclusive. */
  since?: Date | undefined;
  /** Before this time, exclusive. */
  until?: Date | undefined;
}

/**
 * A slice of the trail, always newest first, by keyset on `position`: never by offset. Paging on
 * from a row is `olderThan` its position; paging back towards the newest is `newerThan` it with
 * `fromOldest`, so that the rows next to the cursor are the ones taken.
 */
export interface AuditQuery extends AuditFilter {
  /** Only rows older than this position (at it too, when `inclusive`). */
  olderThan?: number | undefined;
  /** Only rows newer than this position (at it too, when `inclusive`). */
  newerThan?: number | undefined;
  inclusive?: boolean | undefined;
  /** Take the oldest `limit` rows of the range rather than the newest; they still come newest first. */
  fromOldest?: boolean | undefined;
  limit: number;
}
