import type { EntityManager } from '@mikro-orm/core';
import type { UserRepository } from '../../application/ports.ts';
import { User } from '../../domain/user.ts';

export class MikroOrmUserRepository implements UserRepository {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.#em.findOne(User, { email });
  }

  findById(id: string): Promise<User | null> {
    return this.#em.findOne(User, { id });
  }

  add(user: User): void {
    this.#em.persist(user);
  }
}
