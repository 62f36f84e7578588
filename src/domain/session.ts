import {
  type SessionEndReason,
  type SessionEvent,
  type SessionEventPayloads,
  type SessionEventType,
  sessionEvent,
} from './session-events.ts';
import { type Actor, selfActor, systemActor } from './user-events.ts';

/** How long a session lives: idle (renewed by use, at most once a minute) and absolute (never extended). */
export interface SessionLifetimes {
  idleTimeoutSeconds: number;
  maxLifetimeSeconds: number;
}

/** Where a sign-in came from, as the request told it. */
export interface NewSession {
  userId: string;
  userAgent: string | null;
  ipAddress: string | null;
}

/** What a presented refresh counter means for the session (see Session.judgeRefresh). */
export type RefreshVerdict = 'rotate' | 'successor' | 'reuse' | 'invalid';

export type SessionState = Pick<
  Session,
  | 'id'
  | 'userId'
  | 'createdAt'
  | 'lastUsedAt'
  | 'expiresAt'
  | 'idleExpiresAt'
  | 'userAgent'
  | 'ipAddress'
  | 'refreshCounter'
  | 'rotatedAt'
  | 'endedAt'
  | 'endReason'
>;

const maxUserAgentLength = 256;
/** lastUsedAt moves at most this often, so that reading a session on every request rarely writes. */
const touchIntervalMs = 60_000;

/** Kept beside the instances, as User's are: hydrated and copied sessions never carry them as state. */
const uncommitted = new WeakMap<Session, SessionEvent[]>();

/**
 * One signed-in device of a user: what its refresh token names. Plain class, mapped from outside
 * (session.schema.ts). Nothing secret is kept: the refresh token is an HMAC over the id and
 * `refreshCounter`, so storage holds only the counter it must match.
 */
export class Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  /** The absolute end: createdAt + the maximum lifetime, never extended. */
  readonly expiresAt: Date;
  /** lastUsedAt + the idle timeout, never past expiresAt. */
  readonly idleExpiresAt: Date;
  /** Control characters removed, at most 256 characters; null when none was sent. */
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
  /** Which refresh token is current: each rotation counts one on. */
  readonly refreshCounter: number;
  /** When the current refresh token replaced the one before it; null before the first refresh. */
  readonly rotatedAt: Date | null;
  readonly endedAt: Date | null;
  readonly endReason: SessionEndReason | null;

  /** A user, signed in, starts a session: recorded as SessionStarted. */
  constructor(details: NewSession, lifetimes: SessionLifetimes, now: Date) {
    this.id = crypto.randomUUID();
    this.userId = details.userId;
    this.createdAt = now;
    this.lastUsedAt = now;
    this.expiresAt = new Date(now.getTime() + lifetimes.maxLifetimeSeconds * 1000);
    this.idleExpiresAt = idleEnd(now, this.expiresAt, lifetimes);
    this.userAgent = cleanUserAgent(details.userAgent);
    this.ipAddress = details.ipAddress;
    this.refreshCounter = 0;
    this.rotatedAt = null;
    this.endedAt = null;
    this.endReason = null;
    const { id: sessionId, userAgent, ipAddress } = this;
    this.record('SessionStarted', { sessionId, userAgent, ipAddress }, selfActor(this.userId), now);
  }

  /** A session as storage kept it: nothing checked, nothing recorded (as MikroORM hydrates one). */
  static restore(state: SessionState): Session {
    return Object.assign(Object.create(Session.prototype) as Session, state);
  }

  recordedEvents(): readonly SessionEvent[] {
    return uncommitted.get(this) ?? [];
  }

  clearRecordedEvents(): void {
    uncommitted.delete(this);
  }

  /** Not ended, and neither idle nor absolute expiry reached. */
  isLive(now: Date): boolean {
    return this.endedAt === null && now < this.idleExpiresAt && now < this.expiresAt;
  }

  /**
   * A refresh token carrying `counter`: the current one rotates; the one just replaced, within
   * `graceSeconds` of its replacement, answers the same successor (concurrent refreshes from one
   * client); any other older one is reuse. A counter ahead of the session's was never issued.
   */
  judgeRefresh(counter: number, now: Date, graceSeconds: number): RefreshVerdict {
    if (counter > this.refreshCounter) return 'invalid';
    if (counter === this.refreshCounter) return 'rotate';
    const justReplaced = counter === this.refreshCounter - 1 && this.rotatedAt !== null;
    return justReplaced && now.getTime() - this.rotatedAt.getTime() <= graceSeconds * 1000 ? 'successor' : 'reuse';
  }

  /** The next refresh token becomes current; a refresh is a use. Records nothing. */
  rotate(lifetimes: SessionLifetimes, now: Date): void {
    this.set({ refreshCounter: this.refreshCounter + 1, rotatedAt: now, ...this.usedAt(now, lifetimes) });
  }

  /** Notes a use, at most once a minute; answers whether it moved lastUsedAt (and storage must write it). */
  touch(lifetimes: SessionLifetimes, now: Date): boolean {
    if (now.getTime() - this.lastUsedAt.getTime() < touchIntervalMs) return false;
    this.set(this.usedAt(now, lifetimes));
    return true;
  }

  /** Ends the session for good; ending an ended one changes nothing. */
  end(reason: SessionEndReason, by: Actor, now: Date): void {
    if (this.endedAt !== null) return;
    this.set({ endedAt: now, endReason: reason });
    this.record('SessionEnded', { sessionId: this.id, reason }, by, now);
  }

  /** A replaced refresh token came back: someone else may hold it, so the whole session ends. */
  endForReuse(ipAddress: string | null, now: Date): void {
    this.record('RefreshTokenReused', { sessionId: this.id, ipAddress }, systemActor, now);
    this.end('REUSE_DETECTED', systemActor, now);
  }

  private usedAt(now: Date, lifetimes: SessionLifetimes): Pick<SessionState, 'lastUsedAt' | 'idleExpiresAt'> {
    return { lastUsedAt: now, idleExpiresAt: idleEnd(now, this.expiresAt, lifetimes) };
  }

  private set(changes: Partial<SessionState>): void {
    Object.assign(this, changes);
  }

  private record<T extends SessionEventType>(type: T, payload: SessionEventPayloads[T], by: Actor, now: Date): void {
    const events = uncommitted.get(this) ?? [];
    events.push(sessionEvent(type, this.userId, by, payload, now));
    uncommitted.set(this, events);
  }
}

function idleEnd(usedAt: Date, expiresAt: Date, lifetimes: SessionLifetimes): Date {
  return new Date(Math.min(usedAt.getTime() + lifetimes.idleTimeoutSeconds * 1000, expiresAt.getTime()));
}

/** What a client calls itself, shown back in the session list: no control characters, at most 256 characters. */
function cleanUserAgent(userAgent: string | null): string | null {
  if (userAgent === null) return null;
  const cleaned = Array.from(userAgent.replace(/\p{Cc}/gu, '').trim())
    .slice(0, maxUserAgentLength)
    .join('');
  return cleaned === '' ? null : cleaned;
}
