import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { UserRepository } from '../../application/ports.ts';
import type { UserFilter, UserListQuery } from '../../application/user-list-query.ts';
import { User } from '../../domain/user.ts';
import type { Actor } from '../../domain/user-events.ts';
import { preparedUserReads, type UserRow } from './prepared-user-reads.ts';
import { storedUserId } from './stored-user-id.ts';
import { filterConditions, type KeysetColumns, listConditions, orderBy } from './user-conditions.ts';

export class MikroOrmUserRepository implements UserRepository {
  readonly #em: EntityManager;
  readonly #postgres: boolean;
  readonly #idColumn: string;
  readonly #keyset: KeysetColumns;
  /** Every user handed out, added or removed: where the unit of work finds the recorded events. */
  readonly #seen = new Set<User>();
  readonly #removed = new Set<User>();

  constructor(em: EntityManager) {
    this.#em = em;
    this.#postgres = em.getPlatform() instanceof PostgreSqlPlatform;
    const meta = em.getMetadata().get(User);
    const platform = em.getPlatform();
    this.#idColumn = meta.properties.id.fieldNames[0]!;
    this.#keyset = {
      column: (property) => meta.properties[property].fieldNames[0]!,
      value: (key) => (key instanceof Date ? platform.processDateProperty(key) : key),
    };
  }

  async findByEmail(email: string): Promise<User | null> {
    if (this.#em.isInTransaction()) return this.#saw(await this.#em.findOne(User, { email }));
    return this.#loaded(await (await preparedUserReads(this.#em)).byEmail(email));
  }

  async findById(id: string): Promise<User | null> {
    const key = storedUserId(id);
    if (key === null) return null;
    // As em.findOne: a user this unit of work holds already is that instance, changes and all.
    const held = this.#held(key);
    if (held) return this.#saw(held);
    // Inside a transaction, the read must go through its connection (PostgreSQL's pool would not).
    if (this.#em.isInTransaction()) return this.#saw(await this.#em.findOne(User, { id: key }));
    return this.#loaded(await (await preparedUserReads(this.#em)).byId(key));
  }

  async list(query: UserListQuery): Promise<User[]> {
    const where = listConditions(query, new Date(), this.#postgres, this.#keyset);
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

  /**
   * A row of a prepared read, hydrated and put in the identity map as em.findOne does with the row
   * of its own query (the one instance there stays, unrefreshed, if this unit of work loaded the
   * user already), so a change to it is written on commit like any other.
   */
  #loaded(row: UserRow | undefined): User | null {
    if (!row) return null;
    const held = this.#held(String(row[this.#idColumn]));
    if (held) return this.#saw(held);
    const data = this.#em.getDriver().mapResult<User>(row as never, this.#em.getMetadata().get(User));
    return this.#saw(this.#em.getEntityFactory().create(User, data!, { merge: true, convertCustomTypes: true }));
  }

  #held(id: string): User | undefined {
    return this.#em.getUnitOfWork().getById<User>(User, id);
  }

  #saw<T extends User | null>(user: T): T {
    if (user) this.#seen.add(user);
    return user;
  }
}
