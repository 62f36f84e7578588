import type { UnitOfWork, UserRepository } from '../../application/ports.ts';
import type { User } from '../../domain/user.ts';
import type { InMemoryUserStore } from './user-store.ts';

/** The in-memory twin of the MikroORM unit of work: an identity map, written by `commit()`. */
export class InMemoryUnitOfWork implements UnitOfWork {
  readonly users: UserRepository;
  readonly #store: InMemoryUserStore;
  /** Every user this unit of work loaded or added, one instance per id. */
  readonly #tracked = new Map<string, User>();

  constructor(store: InMemoryUserStore) {
    this.#store = store;
    this.users = {
      findByEmail: async (email) => this.#track(store.findByEmail(email)),
      findById: async (id) => this.#track(store.findById(id)),
      add: (user) => void this.#tracked.set(user.id, user),
    };
  }

  async commit(): Promise<void> {
    this.#store.save(this.#tracked.values());
  }

  #track(user: User | null): User | null {
    if (!user) return null;
    const known = this.#tracked.get(user.id);
    if (known) return known;
    this.#tracked.set(user.id, user);
    return user;
  }
}
