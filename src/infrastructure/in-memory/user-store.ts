import type { CommitOptions } from '../../application/ports.ts';
import type { UserFilter, UserListQuery } from '../../application/user-list-query.ts';
import { ConcurrentChangeError, EmailTakenError, LastAdminError } from '../../domain/errors.ts';
import { User } from '../../domain/user.ts';
import { matches, select } from './user-selection.ts';

/**
 * The committed users of the in-memory adapter: its "database". It hands out and takes in copies,
 * so a unit of work can never change a stored user without committing.
 */
export class InMemoryUserStore {
  readonly #rows = new Map<string, User>();

  findByEmail(email: string): User | null {
    for (const row of this.#rows.values()) if (row.email === email) return copyUser(row);
    return null;
  }

  findById(id: string): User | null {
    const row = this.#rows.get(id.toLowerCase());
    return row ? copyUser(row) : null;
  }

  list(query: UserListQuery): User[] {
    return select([...this.#rows.values()], query, new Date()).map(copyUser);
  }

  count(filter: UserFilter): number {
    const now = new Date();
    return [...this.#rows.values()].filter((row) => matches(row, filter, now)).length;
  }

  /**
   * All or nothing, like a transaction: a taken email, or no admin left, rejects the whole batch.
   * A loaded user's change writes only its changed fields onto the row as it is now.
   */
  save(changes: UserChange[], removed: Iterable<User>, options: CommitOptions = {}): void {
    const gone = new Set([...removed].map((user) => user.id));
    const next = new Map(this.#rows);
    for (const { user, fields } of changes) {
      const current = next.get(user.id);
      if (fields === 'all') next.set(user.id, copyUser(user));
      else if (fields.length > 0) {
        // Like a versioned UPDATE … WHERE version = ?: written over since loading, or deleted.
        if (current?.version !== user.version) throw new ConcurrentChangeError();
        next.set(user.id, Object.assign(copyUser(current), pick(user, fields), { version: user.version + 1 }));
      }
    }
    for (const id of gone) next.delete(id);
    const emails = new Set<string>();
    for (const row of next.values()) {
      if (emails.has(row.email)) throw new EmailTakenError();
      emails.add(row.email);
    }
    const now = new Date();
    if (options.keepAnActiveAdmin && ![...next.values()].some((row) => row.isActiveAdmin(now))) throw new LastAdminError();
    this.#rows.clear();
    for (const [id, row] of next) this.#rows.set(id, row);
  }
}

/** A user to write: a new one whole, a loaded one by the fields that changed since loading. */
export interface UserChange {
  user: User;
  fields: (keyof User)[] | 'all';
}

function pick(user: User, fields: (keyof User)[]): Partial<User> {
  return Object.fromEntries(fields.map((field) => [field, user[field]]));
}

export function copyUser(user: User): User {
  return Object.assign(Object.create(User.prototype) as User, user);
}
