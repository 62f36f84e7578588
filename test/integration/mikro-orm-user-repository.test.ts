import { describe } from 'vitest';
import { mikroOrmUnitOfWorkFactory } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserReader } from '../../src/infrastructure/mikro-orm/user-reader.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { userRepositoryContract } from './user-repository.contract.ts';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(backend.name, () => {
    userRepositoryContract(`MikroORM on ${backend.name}`, async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      return {
        newUnitOfWork: mikroOrmUnitOfWorkFactory(orm),
        reader: new MikroOrmUserReader(orm.em),
        teardown: async () => {
          await orm.close();
          await database.drop();
        },
      };
    });
  });
}
