import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { User } from '../../src/domain/user.ts';
import { PreparedUserReader } from '../../src/infrastructure/mikro-orm/fast-user-reader/prepared-user-reader.ts';
import { mikroOrmUnitOfWorkFactory } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { aUser, commitAdded } from '../support/user-fixtures.ts';
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

    describe('the readers, while another request’s transaction is open', () => {
      const cleanups = cleanupsAfterEach();

      // SQLite's one connection carries every transaction: a read on it in the middle of one would
      // see its writes before they are committed (or whether they ever are).
      it.each(['PreparedUserReader', 'MikroOrmUserDirectory'])('%s never reads a write not yet committed', async (reader) => {
        const database = await backend.create();
        cleanups.push(() => database.drop());
        const orm = await openMigratedOrm(database.url);
        cleanups.push(() => orm.close());
        const user = aUser();
        await commitAdded(mikroOrmUnitOfWorkFactory(orm)(), user);
        const em = orm.em.fork();
        await em.begin();
        await em.nativeUpdate(User, { id: user.id }, { name: 'Uncommitted' });
        const read = (reader === 'PreparedUserReader' ? new PreparedUserReader(orm) : new MikroOrmUserDirectory(orm)).findById(user.id);
        // Turns enough for the read to reach the database (the fast reader sends its batch one turn on).
        for (let turn = 0; turn < 5; turn++) await nextTurn();
        await em.rollback();
        expect((await read)?.name).toBe('Ada');
      });
    });
  });
}
