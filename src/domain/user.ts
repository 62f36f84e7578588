import { normaliseEmail } from './email.ts';
import { UserInactiveError } from './errors.ts';

export interface NewUser {
  name: string;
  surname: string;
  email: string;
  passwordHash: string;
}

/**
 * The User aggregate. Plain class: the persistence mapping lives in the MikroORM adapter, which
 * hydrates instances without calling the constructor.
 */
export class User {
  id: string;
  name: string;
  surname: string;
  email: string;
  /** An argon2id hash, never the password itself; the aggregate never sees a plain password. */
  passwordHash: string;
  active: boolean;
  /** Tokens carry it; deactivation bumps it, so every token issued before stays refused. */
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;

  /** A new user starts inactive. */
  constructor(details: NewUser, now: Date = new Date()) {
    this.id = crypto.randomUUID();
    this.name = details.name;
    this.surname = details.surname;
    this.email = normaliseEmail(details.email);
    this.passwordHash = details.passwordHash;
    this.active = false;
    this.tokenVersion = 0;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** Idempotent: activating an active user changes nothing, not even `updatedAt`. */
  activate(now: Date = new Date()): void {
    if (!this.active) this.setActive(true, now);
  }

  /** Idempotent, like `activate`. Revokes every token issued so far, for good. */
  deactivate(now: Date = new Date()): void {
    if (!this.active) return;
    this.setActive(false, now);
    this.tokenVersion += 1;
  }

  /**
   * The same password, hashed with newer parameters. Not a change of the user's data, only of how
   * it is stored, so `updatedAt` stays.
   */
  replacePasswordHash(passwordHash: string): void {
    this.passwordHash = passwordHash;
  }

  assertCanSignIn(): void {
    if (!this.active) throw new UserInactiveError();
  }

  private setActive(active: boolean, now: Date): void {
    this.active = active;
    this.updatedAt = now;
  }
}
