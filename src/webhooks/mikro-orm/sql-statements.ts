import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sqlite';

/** Both backends' EntityManagers are SQL ones: an insert may then ignore a conflict. */
export function sqlFork(orm: MikroORM): SqlEntityManager {
  return orm.em.fork() as SqlEntityManager;
}

/** A query builder's or a raw statement's failure as the ORM's own methods throw it (`LockWaitTimeoutException`, …): what logs show. */
export function converted<T>(em: SqlEntityManager, statement: Promise<T>): Promise<T> {
  return statement.catch((error: Error) => {
    throw em.getDriver().convertException(error);
  });
}
