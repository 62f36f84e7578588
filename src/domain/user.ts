import { normaliseEmail } from './email.ts';
import { UserInactiveError, UserSuspendedError } from './errors.ts';
import { type Actor, systemActor, type UserEvent, type UserEventPayloads, type UserEventType, userEvent } from './user-events.ts';

export type Role = 'USER' | 'ADMIN';

export interface NewUser {
  name: string;
  surname: string;
  email: string;
  passwordHash: string;
}

/** An admin's stop on an account, apart from the user's own `active` lifecycle. */
export interface Suspension {
  reason: string;
  /** When it ends by itself; null: when an admin reinstates the user. */
  until: Date | null;
  suspendedAt: Date;
}

/** What an edit of a user's details may change. */
export interface UserDetails {
  name?: string | undefined;
  surname?: string | undefined;
  email?: string | undefined;
}

/**
 * The events each user recorded and no commit has written yet. Kept beside the instances rather
 * than on them: MikroORM hydrates users without the constructor, the in-memory adapter copies and
 * compares their own fields, and neither must see the events as part of the user's state.
 */
const recorded = new WeakMap<User, UserEvent[]>();

/**
 * The User aggregate. Plain class: the persistence mapping lives in the MikroORM adapter, which
 * hydrates instances without calling the constructor (so no `#private` members: they would not
 * exist on a hydrated instance).
 *
 * Each change records a domain event (see user-events.ts); a change that changes nothing records
 * none. Methods a user calls on their own account take the user as actor unless told; those an
 * admin calls take the system unless told, and their use cases always tell.
 */
export class User {
  id: string;
  name: string;
  surname: string;
  email: string;
  /** An argon2id hash, never the password itself; the aggregate never sees a plain password. */
  passwordHash: string;
  active: boolean;
  role: Role;
  /** Tokens carry it; deactivation, suspension, a password change or signing out everywhere bump it. */
  tokenVersion: number;
  suspendedAt: Date | null;
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Which write of the user this is (1 when created). Storage bumps it on every write and refuses
   * a write made from an older version: two concurrent changes of one user cannot both land.
   */
  version: number;

  /** A new user starts inactive, as a USER. */
  constructor(details: NewUser, now: Date = new Date()) {
    this.id = crypto.randomUUID();
    this.name = details.name;
    this.surname = details.surname;
    this.email = normaliseEmail(details.email);
    this.passwordHash = details.passwordHash;
    this.active = false;
    this.role = 'USER';
    this.tokenVersion = 0;
    this.suspendedAt = null;
    this.suspendedUntil = null;
    this.suspensionReason = null;
    this.createdAt = now;
    this.updatedAt = now;
    this.version = 1;
    const { email, name, surname, role } = this;
    this.record('UserCreated', { email, name, surname, role }, now, this.self);
  }

  /** The events recorded since the last commit that wrote them, oldest first. */
  recordedEvents(): readonly UserEvent[] {
    return recorded.get(this) ?? [];
  }

  /** The unit of work calls this once it has written the events, in the commit of the change. */
  clearRecordedEvents(): void {
    recorded.delete(this);
  }

  get suspension(): Suspension | null {
    if (this.suspendedAt === null) return null;
    return { reason: this.suspensionReason ?? '', until: this.suspendedUntil, suspendedAt: this.suspendedAt };
  }

  /** Suspended from `suspend()` until reinstated, or until `until` has passed. */
  isSuspended(now: Date = new Date()): boolean {
    return this.suspendedAt !== null && (this.suspendedUntil === null || this.suspendedUntil > now);
  }

  /** A token carrying `tokenVersion` still signs this user in: active, not suspended, not revoked since. */
  acceptsToken(tokenVersion: number, now: Date = new Date()): boolean {
    return this.active && !this.isSuspended(now) && this.tokenVersion === tokenVersion;
  }

  /** Counts towards "at least one active admin": an admin who is active and not suspended. */
  isActiveAdmin(now: Date = new Date()): boolean {
    return this.role === 'ADMIN' && this.active && !this.isSuspended(now);
  }

  /** Idempotent: activating an active user changes nothing, not even `updatedAt`. Refused while suspended. */
  activate(now: Date = new Date(), by: Actor = this.self): void {
    this.assertNotSuspended(now);
    if (this.active) return;
    this.touch(now, () => (this.active = true));
    this.record('UserActivated', {}, now, by);
  }

  /** Idempotent, like `activate`. Revokes every token issued so far, for good. */
  deactivate(now: Date = new Date(), by: Actor = this.self): void {
    if (!this.active) return;
    this.touch(now, () => (this.active = false));
    this.tokenVersion += 1;
    this.record('UserDeactivated', {}, now, by);
  }

  assertCanSignIn(now: Date = new Date()): void {
    this.assertNotSuspended(now);
    if (!this.active) throw new UserInactiveError(this.id);
  }

  /** The user, whose password was checked, signs in: refused while inactive or suspended. */
  signIn(now: Date = new Date()): void {
    this.assertCanSignIn(now);
    this.record('UserSignedIn', {}, now, this.self);
  }

  /** Stops the account until reinstated or until `until`, and revokes every token. */
  suspend(reason: string, until: Date | null, now: Date = new Date(), by: Actor = systemActor): void {
    this.touch(now, () => {
      this.suspendedAt = now;
      this.suspendedUntil = until;
      this.suspensionReason = reason;
    });
    this.tokenVersion += 1;
    this.record('UserSuspended', { reason, until }, now, by);
  }

  /** Lifts a suspension; changes nothing when there is none. */
  reinstate(now: Date = new Date(), by: Actor = systemActor): void {
    if (this.suspendedAt === null) return;
    this.touch(now, () => {
      this.suspendedAt = null;
      this.suspendedUntil = null;
      this.suspensionReason = null;
    });
    this.record('UserReinstated', {}, now, by);
  }

  setRole(role: Role, now: Date = new Date(), by: Actor = systemActor): void {
    if (role === this.role) return;
    const from = this.role;
    this.touch(now, () => (this.role = role));
    this.record('RoleChanged', { from, to: role }, now, by);
  }

  /** Changes the given details; `updatedAt` moves only when one of them really changed. Names what changed. */
  update(details: UserDetails, now: Date = new Date(), by: Actor = this.self): (keyof UserDetails)[] {
    const next = { ...details, email: details.email === undefined ? undefined : normaliseEmail(details.email) };
    const changed = (['name', 'surname', 'email'] as const).filter((field) => next[field] !== undefined && next[field] !== this[field]);
    if (changed.length === 0) return changed;
    const values = Object.fromEntries(changed.map((field) => [field, next[field] as string]));
    this.touch(now, () => Object.assign(this, values));
    this.record('UserUpdated', { changed, ...values }, now, by);
    return changed;
  }

  /** A new password, already hashed: every token issued before is revoked. */
  changePasswordHash(passwordHash: string, now: Date = new Date()): void {
    this.touch(now, () => (this.passwordHash = passwordHash));
    this.tokenVersion += 1;
    this.record('PasswordChanged', {}, now, this.self);
  }

  /**
   * The same password, hashed with newer parameters. Not a change of the user's data, only of how
   * it is stored, so `updatedAt` stays.
   */
  replacePasswordHash(passwordHash: string): void {
    this.passwordHash = passwordHash;
  }

  /** Signs out everywhere: every token issued so far is refused from now on. */
  revokeTokens(now: Date = new Date()): void {
    this.tokenVersion += 1;
    this.record('TokensRevoked', {}, now, this.self);
  }

  /**
   * Records that the account is deleted, by the user or an admin; the repository's `remove` then
   * deletes the row in the same commit, which writes this event although the row is gone.
   */
  delete(now: Date = new Date(), by: Actor = this.self): void {
    this.record('UserDeleted', {}, now, by);
  }

  private assertNotSuspended(now: Date): void {
    if (this.isSuspended(now)) throw new UserSuspendedError(this.id, this.suspensionReason ?? '', this.suspendedUntil);
  }

  private touch(now: Date, change: () => void): void {
    change();
    this.updatedAt = now;
  }

  private get self(): Actor {
    return { kind: 'self', id: this.id };
  }

  private record<T extends UserEventType>(type: T, payload: UserEventPayloads[T], now: Date, by: Actor): void {
    const events = recorded.get(this) ?? [];
    events.push(userEvent(type, this.id, by, payload, now));
    recorded.set(this, events);
  }
}
