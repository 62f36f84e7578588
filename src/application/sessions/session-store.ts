import type { Session } from '../../domain/session.ts';
import type { RateLimits, UnitOfWork } from '../ports.ts';

/**
 * The sessions a unit of work starts or loads to end. Its commit writes them with their events,
 * in the transaction of the users' changes; an ended session is written only over a row no other
 * commit has ended since (else `ConcurrentChangeError`, and nothing is written).
 *
 * The commit also ends the sessions of every user whose committed events end them (see
 * `sessionEndReasonOf`): a password change, signing out everywhere, a deactivation, suspension or
 * deletion. No use case has to remember to.
 */
export interface SessionRepository {
  findById(id: string): Promise<Session | null>;
  /** The user's sessions live at `now`, most recently used first. */
  liveOf(userId: string, now: Date): Promise<Session[]>;
  add(session: Session): void;
  /**
   * The session the request came with: a password change this unit of work commits ends every
   * other session of the user, and keeps this one (ASVS 7.4.3).
   */
  keep(sessionId: string): void;
}

export interface SessionUnitOfWork extends UnitOfWork {
  readonly sessions: SessionRepository;
}

/**
 * Sessions read and written outside any unit of work, each by its primary key: the liveness check
 * of every request, and a refresh (which records no event). Reads answer copies.
 */
export interface SessionStore {
  findById(id: string): Promise<Session | null>;
  /** The user's sessions live at `now`, most recently used first. */
  liveOf(userId: string, now: Date): Promise<Session[]>;
  /**
   * Writes a rotation (`session` already rotated) only if the row is still live and at the counter
   * before it, in one conditional statement: of any number of concurrent rotations of one token,
   * exactly one answers true.
   */
  rotate(session: Session): Promise<boolean>;
  /** Writes a use (`session` already touched) of a session not ended meanwhile, and never moves its last use back. */
  touch(session: Session): Promise<void>;
}

/** What a use case that ends sessions on request needs: its unit of work, and the actor's write budget. */
export interface SessionWriteDeps {
  unitOfWork: SessionUnitOfWork;
  rateLimits: RateLimits;
}
