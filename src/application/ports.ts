import type { User } from '../domain/user.ts';

/** A collection of users. Reads and additions only: changes reach storage on `UnitOfWork.commit()`. */
export interface UserRepository {
  /** Looks the email up as given: callers normalise it first (`normaliseEmail`). */
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  add(user: User): void;
}

/**
 * One business transaction. Nothing it loaded, added or changed is written until `commit()`;
 * an abandoned unit of work writes nothing. `commit()` throws `EmailTakenError` when another
 * transaction took the email first.
 */
export interface UnitOfWork {
  readonly users: UserRepository;
  commit(): Promise<void>;
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

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface TokenClaims {
  userId: string;
  tokenVersion: number;
}

export interface TokenIssuer {
  issue(user: User): Promise<IssuedToken>;
  /** Who the token was issued to, or null when it is malformed, forged, expired or not ours. */
  verify(token: string): TokenClaims | null;
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

export interface RateLimits {
  credentialFailuresPerEmail: RateLimit;
  credentialFailuresPerIp: RateLimit;
  signUpsPerIp: RateLimit;
}
