import type { EntityManager, EntityMetadata } from '@mikro-orm/core';
import type { UserReader } from '../../application/ports.ts';
import { User } from '../../domain/user.ts';
import { preparedUserReads } from './prepared-user-reads.ts';
import { storedUserId } from './stored-user-id.ts';

/**
 * Users read outside any unit of work, on the connection of the ORM's own EntityManager: no fork,
 * no identity map, no snapshot for change tracking (together a fifth of `me`'s CPU when the caller
 * was read through the request's unit of work). The mapping's own result mapper turns the row's
 * columns into properties, dates and booleans included.
 */
export class MikroOrmUserReader implements UserReader {
  readonly #em: EntityManager;
  readonly #meta: EntityMetadata<User>;

  constructor(em: EntityManager) {
    this.#em = em;
    this.#meta = em.getMetadata().get(User);
  }

  async findById(id: string): Promise<User | null> {
    const key = storedUserId(id);
    const row = key === null ? undefined : await (await preparedUserReads(this.#em)).byId(key);
    if (!row) return null;
    // Like MikroORM's own hydration, without the constructor: the row is the whole state.
    return Object.assign(Object.create(User.prototype) as User, this.#em.getDriver().mapResult<User>(row as never, this.#meta));
  }
}
