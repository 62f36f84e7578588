import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { UserRepository } from '../../application/ports.ts';
import type { UserFilter, UserListQuery } from '../../application/user-list-query.ts';
import { User } from '../../domain/user.ts';
import { filterConditions, listConditions, orderBy } from './user-conditions.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MikroOrmUserRepository implements UserRepository {
  readonly #em: EntityManager;
  readonly #postgres: boolean;
  /** Every user handed out, added or removed: where the unit of work finds the recorded events. */
  readonly #seen = new Set<User>();

  constructor(em: EntityManager) {
    this.#em = em;
    this.#postgres = em.getPlatform() instanceof PostgreSqlPlatform;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.#saw(await this.#em.findOne(User, { email }));
  }

  async findById(id: string): Promise<User | null> {
    // Ids come from clients too: one that is no UUID names no one (PostgreSQL would refuse the
    // query), and a UUID is one whatever its case (SQLite compares text).
    return uuid.test(id) ? this.#saw(await this.#em.findOne(User, { id: id.toLowerCase() })) : null;
  }

  async list(query: UserListQuery): Promise<User[]> {
    const where = listConditions(query, new Date(), this.#postgres);
    const users = await this.#em.find(User, where, { orderBy: orderBy(query.order, query.fromEnd), limit: query.limit });
    for (const user of users) this.#saw(user);
    return query.fromEnd ? users.reverse() : users;
  }

  count(filter: UserFilter): Promise<number> {
    const conditions = filterConditions(filter, new Date(), this.#postgres);
    return this.#em.count(User, conditions.length === 0 ? {} : { $and: conditions });
  }

  add(user: User): void {
    this.#em.persist(this.#saw(user));
  }

  remove(user: User): void {
    this.#em.remove(this.#saw(user));
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
