import { describe } from 'vitest';
import { InMemoryAuditTrail } from '../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { PreparedSessionStore } from '../../src/infrastructure/mikro-orm/fast-user-reader/prepared-session-store.ts';
import { MikroOrmSessionStore } from '../../src/infrastructure/mikro-orm/sessions/session-store.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import type { SessionsUnderTest } from '../support/sessions.ts';
import { sessionEndsContract } from './session-ends.contract.ts';
import { sessionRefreshContract } from './session-refresh.contract.ts';

async function inMemory(): Promise<SessionsUnderTest> {
  const store = new InMemoryUserStore();
  return {
    newUnitOfWork: () => new InMemoryUnitOfWork(store),
    sessionStore: store.sessions,
    userReader: inMemoryUserDirectory(store),
    auditTrail: new InMemoryAuditTrail(store),
    teardown: async () => {},
  };
}

sessionRefreshContract('in-memory', inMemory);
sessionEndsContract('in-memory', inMemory);

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(backend.name, () => {
    // The session store the service composes (its check on every request prepared), and the plain one.
    const open = (Store: typeof MikroOrmSessionStore) => async (): Promise<SessionsUnderTest> => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      return {
        newUnitOfWork: () => new MikroOrmUnitOfWork(orm.em.fork()),
        sessionStore: new Store(orm),
        userReader: new MikroOrmUserDirectory(orm),
        auditTrail: new MikroOrmAuditTrail(orm),
        teardown: async () => {
          await orm.close();
          await database.drop();
        },
      };
    };
    sessionRefreshContract(`MikroORM on ${backend.name}`, open(PreparedSessionStore));
    sessionEndsContract(`MikroORM on ${backend.name}`, open(PreparedSessionStore));
    sessionRefreshContract(`MikroORM on ${backend.name}, sessions read by em.findOne`, open(MikroOrmSessionStore));
  });
}
