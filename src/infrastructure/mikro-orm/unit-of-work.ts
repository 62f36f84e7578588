import { type EntityManager, type MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { UnitOfWork } from '../../application/ports.ts';
import { EmailTakenError } from '../../domain/errors.ts';
import { MikroOrmUserRepository } from './user-repository.ts';

/** A forked EntityManager: its own identity map, written in one transaction by `flush()`. */
export class MikroOrmUnitOfWork implements UnitOfWork {
  readonly users: MikroOrmUserRepository;
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
    this.users = new MikroOrmUserRepository(em);
  }

  async commit(): Promise<void> {
    try {
      await this.#em.flush();
    } catch (error) {
      // The email index is the table's only unique constraint besides the random UUID key, and
      // the only arbiter of concurrent sign-ups: every racer passes a read-before-write check.
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
      throw error;
    }
  }
}

export function mikroOrmUnitOfWorkFactory(orm: MikroORM): () => UnitOfWork {
  return () => new MikroOrmUnitOfWork(orm.em.fork());
}
