import type { UserRepository } from '../../application/ports.ts';
import type { SessionUnitOfWork } from '../../application/sessions/session-store.ts';
import { User } from '../../domain/user.ts';
import { outboxRecordOf, recordedEvents } from '../outbox-record.ts';
import { InMemorySessionRepository } from './session-repository.ts';
import type { InMemoryUserStore, UserChange } from './user-store.ts';

/**
 * The in-memory twin of the MikroORM unit of work: an identity map, written by `commit()`. Like
 * MikroORM, it writes only the users it changed, each at the version it loaded, so it never undoes
 * another request's commit.
 */
export class InMemoryUnitOfWork implements SessionUnitOfWork {
  readonly users: UserRepository;
  readonly sessions: InMemorySessionRepository;
  readonly #store: InMemoryUserStore;
  /** Every user this unit of work loaded or added, one instance per id. */
  readonly #tracked = new Map<string, User>();
  /** Each loaded user as it was loaded; an added user has none. */
  readonly #loaded = new Map<string, User>();
  readonly #removed = new Map<string, User>();

  constructor(store: InMemoryUserStore) {
    this.#store = store;
    this.sessions = new InMemorySessionRepository(store.sessions);
    this.users = {
      findByEmail: async (email) => this.#track(store.findByEmail(email)),
      findById: async (id) => this.#track(store.findById(id)),
      add: (user) => void this.#tracked.set(user.id, user),
      remove: (user, by) => {
        user.recordDeletion(by);
        this.#tracked.delete(user.id);
        this.#removed.set(user.id, user);
      },
    };
  }

  async commit(): Promise<void> {
    const changes: UserChange[] = [];
    for (const user of this.#tracked.values()) {
      const loaded = this.#loaded.get(user.id);
      if (!loaded) changes.push({ user, added: true });
      else if (changedSince(loaded, user)) changes.push({ user, added: false });
    }
    const users = [...this.#tracked.values(), ...this.#removed.values()];
    const userEvents = recordedEvents(users);
    const sessions = this.#store.sessions.plan(this.sessions.changes(), userEvents);
    const events = [...userEvents, ...sessions.events].map(outboxRecordOf);
    const keepAnActiveAdmin = users.some((user) => user.mayTakeAnAdminAway());
    this.#store.save(changes, this.#removed.values(), keepAnActiveAdmin, events);
    // Synchronously after the users': the two are written as one, or (save threw) neither.
    sessions.apply();
    this.sessions.committed();
    // As written: the next commit writes only what changes after this one.
    for (const { user } of changes) this.#loaded.set(user.id, User.restore(user));
    for (const user of users) user.clearRecordedEvents();
    this.#removed.clear();
  }

  #track(user: User | null): User | null {
    if (!user) return null;
    const known = this.#tracked.get(user.id);
    if (known) return known;
    this.#tracked.set(user.id, user);
    this.#loaded.set(user.id, User.restore(user));
    return user;
  }
}

function changedSince(loaded: User, user: User): boolean {
  return (Object.keys(user) as (keyof User)[]).some((field) => {
    const [before, now] = [loaded[field], user[field]];
    return before instanceof Date && now instanceof Date ? before.getTime() !== now.getTime() : before !== now;
  });
}
