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

  constructor(em: EntityManager) {
    this.#em = em;
    this.#postgres = em.getPlatform() instanceof PostgreSqlPlatform;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.#em.findOne(User, { email });
  }

  async findById(id: string): Promise<User | null> {
    // Ids come from clients too: one that is no UUID names no one (PostgreSQL would refuse the
    // query), and a UUID is one whatever its case (SQLite compares text).
    return uuid.test(id) ? this.#em.findOne(User, { id: id.toLowerCase() }) : null;
  }

  async list(query: UserListQuery): Promise<User[]> {
    const where = listConditions(query, new Date(), this.#postgres);
    const users = await this.#em.find(User, where, { orderBy: orderBy(query.order, query.fromEnd), limit: query.limit });
    return query.fromEnd ? users.reverse() : users;
  }

  count(filter: UserFilter): Promise<number> {
    const conditions = filterConditions(filter, new Date(), this.#postgres);
    return this.#em.count(User, conditions.length === 0 ? {} : { $and: conditions });
  }

  add(user: User): void {
    this.#em.persist(user);
  }

  remove(user: User): void {
    this.#em.remove(user);
  }
}
