import { describe, expect, it } from 'vitest';
import { PreparedSessionStore } from '../../src/infrastructure/mikro-orm/fast-user-reader/prepared-session-store.ts';
import { MikroOrmSessionStore } from '../../src/infrastructure/mikro-orm/sessions/session-store.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import * as sessions from '../support/sessions.ts';
import { sessionEndsContract } from './session-ends.contract.ts';
import { sessionPruneContract } from './session-prune.contract.ts';
import { sessionRefreshContract } from './session-refresh.contract.ts';

sessionRefreshContract('in-memory', sessions.inMemorySessions);
sessionEndsContract('in-memory', sessions.inMemorySessions);
sessionPruneContract('in-memory', sessions.inMemorySessions);

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(backend.name, () => {
    // The session store the service composes (its check on every request prepared), and the plain one.
    const open = (Store: typeof MikroOrmSessionStore) => async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      return sessions.mikroOrmSessions(orm, Store, async () => {
        await orm.close();
        await database.drop();
      });
    };
    sessionRefreshContract(`MikroORM on ${backend.name}`, open(PreparedSessionStore));
    sessionEndsContract(`MikroORM on ${backend.name}`, open(PreparedSessionStore));
    sessionPruneContract(`MikroORM on ${backend.name}`, open(PreparedSessionStore));
    sessionRefreshContract(`MikroORM on ${backend.name}, sessions read by em.findOne`, open(MikroOrmSessionStore));

    it('answers 20 concurrent refreshes of one token, half on each of two instances, with one successor; the counter moves once', async () => {
      const database = await backend.create();
      const orms = [await openMigratedOrm(database.url), await openMigratedOrm(database.url)];
      try {
        const [one, two] = orms.map((orm) => sessions.mikroOrmSessions(orm)) as [sessions.SessionsUnderTest, sessions.SessionsUnderTest];
        const start = new Date('2026-12-01T10:00:00.000Z');
        const { session, refreshToken } = await sessions.signedIn(one, await sessions.storedUser(one, 'race@example.com'), start);
        const events = await sessions.sessionEvents(one);
        const now = sessions.later(start, 1);
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => sessions.refresh(i % 2 ? two : one, refreshToken, now)));
        const successor = sessions.refreshTokens.encode({ sessionId: session.id, counter: 1 });
        expect(new Set(answers.map((answer) => answer.refreshToken))).toEqual(new Set([successor]));
        await sessions.expectCounter(two, session.id, 1);
        expect(await sessions.sessionEvents(two)).toEqual(events);
      } finally {
        for (const orm of orms) await orm.close();
        await database.drop();
      }
    });
  });
}
