import { describe } from 'vitest';
import { PreparedUserReader } from '../../src/infrastructure/mikro-orm/fast-user-reader/prepared-user-reader.ts';
import { mikroOrmUnitOfWorkFactory } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { userRepositoryContract } from './user-repository.contract.ts';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(backend.name, () => {
    userRepositoryContract(`MikroORM on ${backend.name}`, async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      return {
        newUnitOfWork: mikroOrmUnitOfWorkFactory(orm),
        reader: new PreparedUserReader(orm),
        directory: new MikroOrmUserDirectory(orm),
        teardown: async () => {
          await orm.close();
          await database.drop();
        },
      };
    });
  });
}
