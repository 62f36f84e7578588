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
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface TokenIssuer {
  issue(user: User): Promise<IssuedToken>;
  /** The user id the token was issued for, or null when it is malformed, forged or expired. */
  verify(token: string): string | null;
}
