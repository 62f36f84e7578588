import type { EntityManager } from '@mikro-orm/core';
import type { UserRepository } from '../../application/ports.ts';
import { User } from '../../domain/user.ts';
import type { Actor } from '../../domain/user-events.ts';
import { storedUserId } from './stored-user-id.ts';

/**
 * The users of one unit of work, loaded through its EntityManager: one instance per user (the
 * identity map's), changes written by its flush, reads inside its transaction on its connection.
 */
export class MikroOrmUserRepository implements UserRepository {
  readonly #em: EntityManager;
  /** Every user handed out, added or removed: where the unit of work finds the recorded events. */
  readonly #seen = new Set<User>();
  readonly #removed = new Set<User>();

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.#saw(await this.#em.findOne(User, { email }));
  }

  async findById(id: string): Promise<User | null> {
    const key = storedUserId(id);
    return key === null ? null : this.#saw(await this.#em.findOne(User, { id: key }));
  }

  add(user: User): void {
    this.#em.persist(this.#saw(user));
  }

  remove(user: User, by: Actor): void {
    user.recordDeletion(by);
    this.#em.remove(this.#saw(user));
    this.#removed.add(user);
  }

  /** The users removed, each at the version it was loaded at: MikroORM deletes by primary key alone. */
  removed(): Iterable<User> {
    return this.#removed;
  }

  /** After a commit: those removals are done. */
  forgetRemoved(): void {
    this.#removed.clear();
  }

  /** The users this unit of work has seen (one instance per user: the identity map's). */
  seen(): Iterable<User> {
    return this.#seen;
  }

  #saw<T extends User | null>(user: T): T {
    if (user) this.#seen.add(user);
    return user;
  }
}
