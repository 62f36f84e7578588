import type { UserFilter, UserListQuery } from '../../application/admin/user-list-query.ts';
import { ConcurrentChangeError, EmailTakenError, LastAdminError } from '../../domain/errors.ts';
import { User } from '../../domain/user.ts';
import type { NewOutboxRecord } from '../outbox-record.ts';
import { InMemoryOutbox } from './outbox.ts';
import { InMemorySessionStore } from './session-store.ts';
import { matches, select } from './user-selection.ts';

/**
 * The committed users of the in-memory adapter: its "database". It hands out and takes in copies,
 * so a unit of work can never change a stored user without committing.
 */
export class InMemoryUserStore {
  readonly #rows = new Map<string, User>();
  /** The store's other table: what commits and security events write. */
  readonly outbox = new InMemoryOutbox();
  /** The users' sessions, written in the same commits. */
  readonly sessions = new InMemorySessionStore();

  findByEmail(email: string): User | null {
    for (const row of this.#rows.values()) if (row.email === email) return User.restore(row);
    return null;
  }

  findById(id: string): User | null {
    const row = this.#rows.get(id.toLowerCase());
    return row ? User.restore(row) : null;
  }

  list(query: UserListQuery): User[] {
    return select([...this.#rows.values()], query, new Date()).map(User.restore);
  }

  count(filter: UserFilter): number {
    const now = new Date();
    return [...this.#rows.values()].filter((row) => matches(row, filter, now)).length;
  }

  /**
   * All or nothing, like a transaction: a taken email, or no admin left when asked to keep one,
   * rejects the whole batch, outbox rows included. A changed user is written only over the row it
   * was loaded from, as a versioned UPDATE would, and then carries the version written, as
   * MikroORM's entities do.
   */
  save(changes: UserChange[], removed: Iterable<User>, keepAnActiveAdmin: boolean, events: NewOutboxRecord[]): void {
    // Written over since loading, or deleted: the row is no longer the one a change or delete started from.
    const writtenOver = (user: User) => this.#rows.get(user.id)?.version !== user.version;
    const gone = new Set<string>();
    for (const user of removed) {
      if (writtenOver(user)) throw new ConcurrentChangeError();
      gone.add(user.id);
    }
    const next = new Map(this.#rows);
    for (const { user, added } of changes) {
      if (!added && writtenOver(user)) throw new ConcurrentChangeError();
      next.set(user.id, User.restore({ ...user, version: added ? user.version : user.version + 1 }));
    }
    for (const id of gone) next.delete(id);
    const emails = new Set<string>();
    for (const row of next.values()) {
      if (emails.has(row.email)) throw new EmailTakenError();
      emails.add(row.email);
    }
    const now = new Date();
    if (keepAnActiveAdmin && ![...next.values()].some((row) => row.isActiveAdmin(now))) throw new LastAdminError();
    this.#rows.clear();
    for (const [id, row] of next) this.#rows.set(id, row);
    for (const { user } of changes) user.storedAs(next.get(user.id)!.version);
    this.outbox.append(events);
  }
}

/** A user to write: one added by the unit of work, or one it loaded and changed. */
export interface UserChange {
  user: User;
  added: boolean;
}
