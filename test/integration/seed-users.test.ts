import { describe, expect, it } from 'vitest';
import { seedUsers } from '../../src/cli/seed-users.ts';
import { mikroOrmUnitOfWorkFactory } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';

// One more than a transaction's worth, so the last transaction and its last INSERT are partial.
const count = 10_001;
const passwordHash = '$argon2id$v=19$m=1024,t=2,p=1$c2VlZHNlZWQ$fakefakefakefakefakefakefakefakefakefakefak';

describe('seedUsers', () => {
  const cleanups = cleanupsAfterEach();

  for (const backend of databaseBackends) {
    it.skipIf(!backend.available)(`inserts users the repository reads back as it wrote them, on ${backend.name}`, async () => {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const orm = await openMigratedOrm(database.url);
      cleanups.push(() => orm.close());
      const before = Date.now();
      await seedUsers(orm, { count, passwordHash, prefix: 'test-' });

      const [users, directory] = [mikroOrmUnitOfWorkFactory(orm)().users, new MikroOrmUserDirectory(orm)];
      expect(await directory.count({ active: true, role: 'USER', suspended: false })).toBe(count);
      const page = (fromEnd: boolean) => directory.page({ filter: {}, order: 'CREATED_AT_ASC', fromEnd, limit: 2 });
      const [first, second] = await page(false);
      const [, last] = await page(true);
      expect([first?.email, second?.email, last?.email]).toEqual([
        'test-1@seed.example',
        'test-2@seed.example',
        `test-${count}@seed.example`,
      ]);
      expect(last!.createdAt.getTime() - first!.createdAt.getTime()).toBe(count - 1);
      expect(last!.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect({ ...(await users.findByEmail(`test-${count}@seed.example`)) }).toEqual({
        id: last!.id,
        name: 'Seed',
        surname: 'Seed',
        email: `test-${count}@seed.example`,
        passwordHash,
        active: true,
        role: 'USER',
        tokenVersion: 0,
        suspendedAt: null,
        suspendedUntil: null,
        suspensionReason: null,
        createdAt: last!.createdAt,
        updatedAt: last!.createdAt,
        version: 1,
      });
    });
  }
});
