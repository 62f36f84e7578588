import { EmailTakenError } from '../../domain/errors.ts';
import { User } from '../../domain/user.ts';

/**
 * The committed users of the in-memory adapter: its "database". It hands out and takes in copies,
 * so a unit of work can never change a stored user without committing.
 */
export class InMemoryUserStore {
  readonly #rows = new Map<string, User>();

  findByEmail(email: string): User | null {
    for (const row of this.#rows.values()) if (row.email === email) return copy(row);
    return null;
  }

  findById(id: string): User | null {
    const row = this.#rows.get(id);
    return row ? copy(row) : null;
  }

  /** All or nothing, like a transaction: a taken email rejects the whole batch. */
  save(users: Iterable<User>): void {
    const batch = [...users];
    for (const user of batch) {
      const owner = this.findByEmail(user.email);
      const takenInBatch = batch.some((other) => other !== user && other.email === user.email);
      if ((owner && owner.id !== user.id) || takenInBatch) throw new EmailTakenError();
    }
    for (const user of batch) this.#rows.set(user.id, copy(user));
  }
}

function copy(user: User): User {
  return Object.assign(Object.create(User.prototype) as User, user);
}
