import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { UserFilter, UserListQuery } from '../../application/admin/user-list-query.ts';
import type { UserDirectory } from '../../application/ports.ts';
import { User } from '../../domain/user.ts';
import { storedUserId } from './stored-user-id.ts';
import { filterConditions, type KeysetColumns, listConditions, orderBy } from './user-conditions.ts';

/**
 * The users as admins look them up, each read in a fork of the ORM's EntityManager of its own
 * (`disableIdentityMap`), so what it answers is a copy no unit of work tracks or writes. Also the
 * plain UserReader: what reads a request's caller when no faster reader is composed.
 */
export class MikroOrmUserDirectory implements UserDirectory {
  readonly #em: EntityManager;
  readonly #postgres: boolean;
  readonly #keyset: KeysetColumns;

  constructor(orm: MikroORM) {
    this.#em = orm.em;
    const platform = orm.em.getPlatform();
    const meta = orm.getMetadata().get(User);
    this.#postgres = platform instanceof PostgreSqlPlatform;
    this.#keyset = {
      column: (property) => meta.properties[property].fieldNames[0]!,
      value: (key) => (key instanceof Date ? platform.processDateProperty(key) : key),
    };
  }

  async findById(id: string): Promise<User | null> {
    const key = storedUserId(id);
    return key === null ? null : this.#em.findOne(User, { id: key }, { disableIdentityMap: true });
  }

  async page(query: UserListQuery): Promise<User[]> {
    const where = listConditions(query, new Date(), this.#postgres, this.#keyset);
    const orderedBy = orderBy(query.order, query.fromEnd);
    const users = await this.#em.find(User, where, { orderBy: orderedBy, limit: query.limit, disableIdentityMap: true });
    return query.fromEnd ? users.reverse() : users;
  }

  count(filter: UserFilter): Promise<number> {
    const conditions = filterConditions(filter, new Date(), this.#postgres);
    return this.#em.fork().count(User, conditions.length === 0 ? {} : { $and: conditions });
  }
}
