import type { AuditEventType, AuditRecord, SecurityActor, SignInFailureReason } from '../application/audit/audit-events.ts';
import type { DomainEvent } from '../domain/session-events.ts';
import type { User } from '../domain/user.ts';
import type { UserEvent } from '../domain/user-events.ts';

/** One row of the `outbox` table: a domain or security event. */
export class OutboxRecord {
  /** Assigned by the database on insert, increasing: the order of the trail and of webhook delivery. */
  position?: number;
  id!: string;
  type!: AuditEventType;
  occurredAt!: Date;
  userId!: string | null;
  actorKind!: AuditRecord['actor']['kind'];
  actorId!: string | null;
  /** JSON: no password, hash, token or email in clear where the event forbids one. */
  payload!: Record<string, unknown>;
  clientAddress!: string | null;
}

export interface OutboxOptions {
  /**
   * Called after a commit that wrote outbox rows, so the outbox's consumers in this process (the
   * webhook worker) look at once; other processes' consumers find the rows when they poll.
   */
  committed?: (() => void) | undefined;
}

/**
 * A failed credential check (signIn, activate, deactivate, changePassword, deleteMe), as its row
 * is written: a security event, written at once, in a transaction of its own (the check's unit of
 * work is not committed). Only attempts the rate limits let through are verified, so only those
 * are recorded: the limits bound the rows (see checkCredentials).
 */
export interface SignInFailed {
  id: string;
  type: 'SignInFailed';
  occurredAt: Date;
  /** The account tried, when the email names one. */
  userId: string | null;
  actor: SecurityActor;
  reason: SignInFailureReason;
  /** When the email names no account, its keyed hash (the one its audit line carries); never the email itself. */
  emailHash: string | null;
  /** The client's full address (not the /64 an IPv6 client is counted by). */
  clientAddress: string;
}

export type NewOutboxRecord = Omit<OutboxRecord, 'position'>;

/**
 * Every event the users recorded: user by user, in the order the unit of work first saw them, and
 * each user's in the order recorded (what happened to one user is never reordered).
 */
export function recordedEvents(users: Iterable<User>): UserEvent[] {
  return [...users].flatMap((user) => user.recordedEvents());
}

/**
 * The row of a domain event. Its payload goes through JSON here, so every adapter stores the same.
 * A session event's address is also the row's, as a failed check's is.
 */
export function outboxRecordOf(event: DomainEvent): NewOutboxRecord {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    userId: event.userId,
    actorKind: event.actor.kind,
    actorId: event.actor.kind === 'SYSTEM' ? null : event.actor.id,
    payload: JSON.parse(JSON.stringify(event.payload)),
    clientAddress: 'ipAddress' in event.payload ? event.payload.ipAddress : null,
  };
}

/** The row of a failed credential check: the email tried only as a keyed hash, when it names no account. */
export function securityRecordOf(event: SignInFailed): NewOutboxRecord {
  const { actor } = event;
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    userId: event.userId,
    actorKind: actor.kind,
    actorId: actor.kind === 'SELF' || actor.kind === 'ADMIN' ? actor.id : null,
    payload: { reason: event.reason, ...(event.emailHash === null ? {} : { emailHash: event.emailHash }) },
    clientAddress: event.clientAddress,
  };
}

export function auditRecordOf(row: OutboxRecord): AuditRecord {
  // Upper-cased: an instance older than the migration to this spelling may still write `self` during a rolling upgrade.
  const kind = row.actorKind.toUpperCase() as AuditRecord['actor']['kind'];
  const actor: AuditRecord['actor'] = kind === 'SELF' || kind === 'ADMIN' ? { kind, id: row.actorId ?? '' } : { kind };
  return {
    position: row.position!,
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt,
    userId: row.userId,
    actor,
    payload: row.payload,
    clientAddress: row.clientAddress,
  };
}

/** How many rows retention deletes per transaction: a SQLite writer holds the file's one lock meanwhile. */
export const pruneBatchSize = 1000;
