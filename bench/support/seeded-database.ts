/**
 * A fresh database of the backend, migrated, holding `users` active users seeded as `npm run seed`
 * does (seed-1@seed.example …, one password, one precomputed hash), the first of them an ADMIN.
 */
import { grantAdmin } from '../../src/application/admin/grant-admin.ts';
import { seedUsers } from '../../src/cli/seed-users.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { openMigratedOrm, type TestDatabase } from '../../test/support/databases.ts';
import { SIGN_IN } from '../../test/support/operations.ts';
import { body } from './graphql-client.ts';

export const password = 'correct horse battery';
export const emailOf = (n: number): string => `seed-${n}@seed.example`;

/** The signIn request bodies of the first `count` seeded users, one account each. */
export const signInBodies = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => body(SIGN_IN, { input: { email: emailOf(i + 1), password } }));

export interface SeededDatabase extends TestDatabase {
  rowsPerSecond: number;
}

export async function seededDatabase(create: () => Promise<TestDatabase>, users: number, passwordHash: string): Promise<SeededDatabase> {
  const database = await create();
  const orm = await openMigratedOrm(database.url);
  try {
    const rowsPerSecond = await seedUsers(orm, { count: users, passwordHash, prefix: 'seed-' });
    await grantAdmin(emailOf(1), { unitOfWork: new MikroOrmUnitOfWork(orm.em.fork()) });
    return { ...database, rowsPerSecond };
  } finally {
    await orm.close();
  }
}
