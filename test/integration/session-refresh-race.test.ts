import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { PreparedSessionStore } from '../../src/infrastructure/mikro-orm/fast-user-reader/prepared-session-store.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { databaseBackends, openMigratedOrm, type TestDatabase } from '../support/databases.ts';
import {
  expectCounter,
  later,
  refresh,
  refreshTokens,
  type SessionsUnderTest,
  sessionEvents,
  signedIn,
  storedUser,
} from '../support/sessions.ts';

/** One service instance's adapters: an ORM (a connection pool, or SQLite connection) of its own. */
const instance = (orm: MikroORM): SessionsUnderTest => ({
  newUnitOfWork: () => new MikroOrmUnitOfWork(orm.em.fork()),
  sessionStore: new PreparedSessionStore(orm),
  userReader: new MikroOrmUserDirectory(orm),
  auditTrail: new MikroOrmAuditTrail(orm),
  teardown: async () => {},
});

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`refresh races across two instances on ${backend.name}`, () => {
    let database: TestDatabase;
    let orms: MikroORM[];
    beforeAll(async () => {
      database = await backend.create();
      orms = [await openMigratedOrm(database.url), await openMigratedOrm(database.url)];
    });
    afterAll(async () => {
      for (const orm of orms) await orm.close();
      await database.drop();
    });

    it('answers 20 concurrent refreshes of one token, half on each instance, with one successor; the counter moves once', async () => {
      const [one, two] = orms.map(instance) as [SessionsUnderTest, SessionsUnderTest];
      const start = new Date('2026-12-01T10:00:00.000Z');
      const { session, refreshToken } = await signedIn(one, await storedUser(one, 'race@example.com'), start);
      const events = await sessionEvents(one);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => refresh(i % 2 ? two : one, refreshToken, later(start, 1))));
      expect(new Set(answers.map((answer) => answer.refreshToken))).toEqual(
        new Set([refreshTokens.encode({ sessionId: session.id, counter: 1 })]),
      );
      await expectCounter(two, session.id, 1);
      expect(await sessionEvents(two)).toEqual(events);
    });
  });
}
