import type { TooManyAttemptsError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { Actor } from '../domain/user-events.ts';
import type { UserFilter, UserListQuery } from './admin/user-list-query.ts';
import type { AuditQuery, AuditRecord } from './audit/audit-events.ts';
import type { WebhookDelivery, WebhookDeliveryQuery } from './webhooks/webhook-deliveries.ts';

/** The users a unit of work loads to change them. Changes reach storage on `UnitOfWork.commit()`. */
export interface UserRepository {
  /** Looks the email up as given: callers normalise it first (`normaliseEmail`). */
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  add(user: User): void;
  /** Deletes the user on commit, which also writes the `UserDeleted` recorded here, by `by`. */
  remove(user: User, by: Actor): void;
}

/**
 * Reads users outside any unit of work, for a request that only needs to know who someone is
 * (the caller of every request, see currentUser): no unit of work is opened for it. What it
 * answers is a copy no commit writes; a use case that changes a user loads it from a UserRepository.
 */
export interface UserReader {
  findById(id: string): Promise<User | null>;
}

/**
 * The users as admins look them up: pages by keyset, counts, one by id. A query, not a load: read
 * outside any unit of work, copies that nothing tracks and no commit writes.
 */
export interface UserDirectory extends UserReader {
  page(query: UserListQuery): Promise<User[]>;
  count(filter: UserFilter): Promise<number>;
}

/**
 * One business transaction. Nothing it loaded, added or changed is written until `commit()`;
 * an abandoned unit of work writes nothing. `commit()` throws `EmailTakenError` when another
 * transaction took the email first, and `ConcurrentChangeError` when another changed or deleted
 * a user this one changes since it was loaded.
 *
 * `commit()` also writes the domain events its users recorded to the outbox, in the same
 * transaction: a commit that fails writes none of them (they stay recorded on the users), and
 * one that succeeds writes every one (and clears them from the users).
 *
 * A commit that carries a change that may take an active admin away (`User.mayTakeAnAdminAway`)
 * throws `LastAdminError` if, once written, no active unsuspended admin would be left. Checked
 * inside the transaction, one such commit at a time, so two admins demoting each other at the same
 * moment cannot both succeed.
 */
export interface UnitOfWork {
  readonly users: UserRepository;
  commit(): Promise<void>;
}

/** What a use case that changes stored state needs: its unit of work, and the actor's write budget. */
export interface WriteDeps {
  unitOfWork: UnitOfWork;
  rateLimits: RateLimits;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than the current ones. */
  needsRehash(hash: string): boolean;
  /** Takes as long as `verify`, against no one's hash: an unknown email then answers as slowly. */
  verifyAgainstDecoy(password: string): Promise<void>;
  /**
   * Waits until a failed check begun at `startedAt` (a `performance.now()` reading) has taken as
   * long as verifying the slowest kind of hash in use. A failure then answers as slowly whatever
   * the account's hash, old parameters or new, and whether or not there is an account.
   */
  padFailure(startedAt: number): Promise<void>;
}

/**
 * What time it is, for everything a session's lifetime depends on (its start, use, expiries and
 * its access tokens'): the system's in a running service, one a test moves forward in the tests of
 * idle and absolute expiry. The edge passes `now()` to the session use cases as their input;
 * signIn and currentUser, whose callers deal in credentials and tokens only, read it themselves.
 */
export interface Clock {
  now(): Date;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface TokenClaims {
  userId: string;
  /** The session the token was issued for (`sid`): it is refused once that session has ended. */
  sessionId: string;
  tokenVersion: number;
}

export interface TokenIssuer {
  /** A short-lived access token of `user`'s session `sessionId`. */
  issue(user: User, sessionId: string): Promise<IssuedToken>;
  /** Who the token was issued to, or null when it is malformed, forged, expired or not ours. */
  verify(token: string): TokenClaims | null;
}

/** The outbox read as an audit trail: domain and security events, newest first, by keyset either way. */
export interface AuditTrail {
  page(query: AuditQuery): Promise<AuditRecord[]>;
}

/** Counts events per key (an email, an address) within a window. */
export interface RateLimit {
  /**
   * Counts one event, or throws TooManyAttemptsError when the key has reached its limit. Atomic:
   * of any number of concurrent calls, only as many pass as the limit allows.
   */
  consume(key: string): Promise<void>;
  /** Gives back one event counted by `consume`. */
  refund(key: string): Promise<void>;
  /** Forgets every event of the key. */
  reset(key: string): Promise<void>;
}

/**
 * A RateLimit that also counts events known to happen only once they have: `check` before one (it
 * may yet not happen, and then counts nothing), `record` once it has. Unlike `consume`, not atomic:
 * concurrent checks all pass until the records reach the limit.
 */
export interface CheckedRateLimit extends RateLimit {
  /** The refusal the key's next event would get (it has reached its limit), or null; counts and reports nothing. */
  check(key: string): Promise<TooManyAttemptsError | null>;
  /** Answers a refusal `check` gave: reports it (the refusals' metric), and throws it. */
  refuse(refusal: TooManyAttemptsError): never;
  /** Counts one event that happened after `check` let it through; never refuses it. */
  record(key: string): Promise<void>;
}

export interface RateLimits {
  credentialFailuresPerEmail: RateLimit;
  credentialFailuresPerIp: RateLimit;
  signUpsPerIp: RateLimit;
  /**
   * Changes of stored state per acting account (keyed by its id), whatever the mutation: each
   * commit writes a row and an outbox event, and on SQLite waits for its fsync on the event loop.
   */
  writesPerAccount: RateLimit;
  /**
   * Refresh-token rotations per account, at the same rate as its writes: checked before one,
   * recorded once it won its write (see refreshSession). Each process (every worker of every
   * instance) counts its own: a shared count would cost every refresh a round trip and a write of
   * the store, which BENCHMARKS.md measured, where a client refreshes once in 15 minutes.
   */
  rotationsPerAccount: CheckedRateLimit;
}

/** The webhook deliveries as admins see them (the delivery worker itself is an adapter of its own). */
export interface WebhookDeliveries {
  page(query: WebhookDeliveryQuery): Promise<WebhookDelivery[]>;
  /**
   * Makes the event's failed deliveries pending again, due at `now`, with their attempts reset.
   * Answers all of the event's deliveries; none when it has none (or `eventId` names no event).
   */
  redeliver(eventId: string, now: Date): Promise<WebhookDelivery[]>;
}
