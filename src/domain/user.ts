import { parseEmail } from './email.ts';
import { UserInactiveError, UserSuspendedError } from './errors.ts';
import { parsePersonName } from './person-name.ts';
import {
  type Actor,
  canTakeAnAdminAway,
  selfActor,
  type UserEvent,
  type UserEventPayloads,
  type UserEventType,
  userEvent,
} from './user-events.ts';

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

/** A user's whole state, as storage keeps it and hands it back to `User.restore`. */
export type UserState = Pick<
  User,
  | 'id'
  | 'name'
  | 'surname'
  | 'email'
  | 'passwordHash'
  | 'active'
  | 'role'
  | 'tokenVersion'
  | 'suspendedAt'
  | 'suspendedUntil'
  | 'suspensionReason'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;

/**
 * What a user recorded since its last commit, oldest first, and whether it was an active admin
 * before the first of those changes, as stored. Kept beside the instances rather than on them:
 * MikroORM hydrates users without the constructor, the in-memory adapter copies and compares their
 * own fields, and neither must see this as part of the user's state.
 */
const uncommitted = new WeakMap<User, { events: UserEvent[]; wasActiveAdmin: boolean }>();

/**
 * The User aggregate. Plain class: the persistence mapping lives in the MikroORM adapter, which
 * hydrates instances by setting their fields, without the constructor (so no `#private` members:
 * they would not exist on a hydrated instance). The fields are read-only to everyone else: each
 * change goes through a method, which keeps the rules of a valid user and records a domain event
 * (see user-events.ts) naming who acted. A change that changes nothing records none.
 */
export class User {
  readonly id: string;
  readonly name: string;
  readonly surname: string;
  readonly email: string;
  /** An argon2id hash, never the password itself; the aggregate never sees a plain password. */
  readonly passwordHash: string;
  readonly active: boolean;
  readonly role: Role;
  /** Tokens carry it; deactivation, suspension, a password change or signing out everywhere bump it. */
  readonly tokenVersion: number;
  readonly suspendedAt: Date | null;
  readonly suspendedUntil: Date | null;
  readonly suspensionReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /**
   * Which write of the user this is (1 when created). Storage bumps it on every write and refuses
   * a write made from an older version: two concurrent changes of one user cannot both land.
   */
  readonly version: number;

  /** A user signs up: inactive, a USER. Refuses a name, surname or email that breaks the domain's rules. */
  constructor(details: NewUser, now: Date = new Date()) {
    this.id = crypto.randomUUID();
    this.name = parsePersonName(details.name);
    this.surname = parsePersonName(details.surname);
    this.email = parseEmail(details.email);
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
    this.record('UserCreated', { email, name, surname, role }, selfActor(this.id), now);
  }

  /**
   * A user as storage kept it: no rule is checked again (a value stored under older rules still
   * loads) and no event is recorded, as when MikroORM hydrates one.
   */
  static restore(state: UserState): User {
    return Object.assign(Object.create(User.prototype) as User, state);
  }

  /** The events recorded since the last commit that wrote them, oldest first. */
  recordedEvents(): readonly UserEvent[] {
    return uncommitted.get(this)?.events ?? [];
  }

  /** The unit of work calls this once it has written the events, in the commit of the change. */
  clearRecordedEvents(): void {
    uncommitted.delete(this);
  }

  /**
   * Whether the changes recorded since the last commit may leave the service with no active admin:
   * the user was one before them, and one of them can take an admin away. The unit of work then
   * checks, within the commit, that an active admin is left; a user who was none (a service with
   * no admin yet, a user signing up) takes none away.
   */
  mayTakeAnAdminAway(): boolean {
    const pending = uncommitted.get(this);
    if (!pending?.wasActiveAdmin) return false;
    return pending.events.some(canTakeAnAdminAway);
  }

  /** Storage wrote the user as `version`. MikroORM sets it on the entities it writes; the in-memory adapter calls this. */
  storedAs(version: number): void {
    this.set({ version });
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
  activate(by: Actor, now: Date = new Date()): void {
    this.assertNotSuspended(now);
    if (this.active) return;
    this.record('UserActivated', {}, by, now, { active: true, updatedAt: now });
  }

  /** Idempotent, like `activate`. Revokes every token issued so far, for good. */
  deactivate(by: Actor, now: Date = new Date()): void {
    if (!this.active) return;
    this.record('UserDeactivated', {}, by, now, { active: false, updatedAt: now, tokenVersion: this.tokenVersion + 1 });
  }

  assertCanSignIn(now: Date = new Date()): void {
    this.assertNotSuspended(now);
    if (!this.active) throw new UserInactiveError(this.id);
  }

  /** The user, whose password was checked, signs in: refused while inactive or suspended. */
  signIn(by: Actor, now: Date = new Date()): void {
    this.assertCanSignIn(now);
    this.record('UserSignedIn', {}, by, now);
  }

  /** Stops the account until reinstated or until `until`, and revokes every token. */
  suspend(reason: string, until: Date | null, by: Actor, now: Date = new Date()): void {
    this.record('UserSuspended', { reason, until }, by, now, {
      suspendedAt: now,
      suspendedUntil: until,
      suspensionReason: reason,
      updatedAt: now,
      tokenVersion: this.tokenVersion + 1,
    });
  }

  /** Lifts a suspension; changes nothing when there is none. */
  reinstate(by: Actor, now: Date = new Date()): void {
    if (this.suspendedAt === null) return;
    this.record('UserReinstated', {}, by, now, { suspendedAt: null, suspendedUntil: null, suspensionReason: null, updatedAt: now });
  }

  setRole(role: Role, by: Actor, now: Date = new Date()): void {
    if (role === this.role) return;
    this.record('RoleChanged', { from: this.role, to: role }, by, now, { role, updatedAt: now });
  }

  /**
   * Changes the given details, each checked as at sign-up (all of them before any changes);
   * `updatedAt` moves only when one of them really changed. Names what changed.
   */
  update(details: UserDetails, by: Actor, now: Date = new Date()): (keyof UserDetails)[] {
    const parsed = (value: string | undefined, parse: (text: string) => string) => (value === undefined ? undefined : parse(value));
    const next = {
      name: parsed(details.name, parsePersonName),
      surname: parsed(details.surname, parsePersonName),
      email: parsed(details.email, parseEmail),
    };
    const changed = (['name', 'surname', 'email'] as const).filter((field) => next[field] !== undefined && next[field] !== this[field]);
    if (changed.length === 0) return changed;
    const values = Object.fromEntries(changed.map((field) => [field, next[field] as string]));
    this.record('UserUpdated', { changed, ...values }, by, now, { ...values, updatedAt: now });
    return changed;
  }

  /** A new password, already hashed: every token issued before is revoked. */
  changePasswordHash(passwordHash: string, by: Actor, now: Date = new Date()): void {
    this.record('PasswordChanged', {}, by, now, { passwordHash, updatedAt: now, tokenVersion: this.tokenVersion + 1 });
  }

  /**
   * The same password, hashed with newer parameters. Not a change of the user's data, only of how
   * it is stored, so `updatedAt` stays and no event is recorded.
   */
  replacePasswordHash(passwordHash: string): void {
    this.set({ passwordHash });
  }

  /** Signs out everywhere: every token issued so far is refused from now on. */
  revokeTokens(by: Actor, now: Date = new Date()): void {
    this.record('TokensRevoked', {}, by, now, { tokenVersion: this.tokenVersion + 1 });
  }

  /**
   * Records that the account is deleted. `UserRepository.remove` calls it, so that deleting is one
   * call; the commit that deletes the row writes this event, which outlives the row.
   */
  recordDeletion(by: Actor, now: Date = new Date()): void {
    this.record('UserDeleted', {}, by, now);
  }

  private assertNotSuspended(now: Date): void {
    if (this.isSuspended(now)) throw new UserSuspendedError(this.id, this.suspensionReason ?? '', this.suspendedUntil);
  }

  /** The only way a field changes once the user exists. */
  private set(changes: Partial<UserState>): void {
    Object.assign(this, changes);
  }

  /** Applies the changes and records the event; the first since the last commit notes whether the user was an active admin. */
  private record<T extends UserEventType>(
    type: T,
    payload: UserEventPayloads[T],
    by: Actor,
    now: Date,
    changes: Partial<UserState> = {},
  ): void {
    const pending = uncommitted.get(this) ?? { events: [], wasActiveAdmin: this.isActiveAdmin(now) };
    this.set(changes);
    pending.events.push(userEvent(type, this.id, by, payload, now));
    uncommitted.set(this, pending);
  }
}
