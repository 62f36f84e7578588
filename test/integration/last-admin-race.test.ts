import { describe, expect, it } from 'vitest';
import type { UnitOfWork, UserDirectory } from '../../src/application/ports.ts';
import { LastAdminError } from '../../src/domain/errors.ts';
import { systemActor } from '../../src/domain/user-events.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { mikroOrmUnitOfWorkFactory } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { aUser, commitAdded } from '../support/user-fixtures.ts';

const rounds = 20;
const activeAdmins = { role: 'ADMIN', active: true, suspended: false } as const;

/**
 * Two admins demote each other at the same moment: each unit of work has read the other as an
 * admin and itself still is one, so a check before the write would let both through.
 */
async function raceRounds(newUnitOfWork: () => UnitOfWork, directory: UserDirectory): Promise<void> {
  const admins = [aUser({ active: true, role: 'ADMIN' }), aUser({ active: true, role: 'ADMIN' })] as const;
  await commitAdded(newUnitOfWork(), ...admins);
  for (let round = 0; round < rounds; round += 1) {
    const unitsOfWork = [newUnitOfWork(), newUnitOfWork()] as const;
    const others = await Promise.all(unitsOfWork.map((unitOfWork, i) => unitOfWork.users.findById(admins[1 - i]!.id)));
    for (const other of others) other!.setRole('USER', systemActor);
    const results = await Promise.allSettled(unitsOfWork.map((unitOfWork) => unitOfWork.commit()));

    expect(results.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')?.reason).toBeInstanceOf(LastAdminError);
    const remaining = await directory.page({ filter: activeAdmins, order: 'EMAIL_ASC', fromEnd: false, limit: 2 });
    expect(remaining).toHaveLength(1);
    // Promote the demoted one again for the next round.
    const restore = newUnitOfWork();
    const demoted = admins.find(({ id }) => id !== remaining[0]!.id)!;
    (await restore.users.findById(demoted.id))!.setRole('ADMIN', systemActor);
    await restore.commit();
  }
}

describe('two admins demoting each other at once', () => {
  const cleanups = cleanupsAfterEach();

  it(`in memory: exactly one commit wins, ${rounds} rounds out of ${rounds}`, async () => {
    const store = new InMemoryUserStore();
    await raceRounds(() => new InMemoryUnitOfWork(store), inMemoryUserDirectory(store));
  });

  for (const backend of databaseBackends) {
    it.skipIf(!backend.available)(`on ${backend.name}: exactly one commit wins, ${rounds} rounds out of ${rounds}`, async () => {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const orm = await openMigratedOrm(database.url);
      cleanups.push(() => orm.close());
      await raceRounds(mikroOrmUnitOfWorkFactory(orm), new MikroOrmUserDirectory(orm));
    });
  }
});
