import { describe, expect, it } from 'vitest';
import { Session } from '../../src/domain/session.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { patienceMs } from '../support/patience.ts';
import { startServer } from '../support/server.ts';
import { mikroOrmSessions, signedIn, signedInAndOut, storedUser } from '../support/sessions.ts';
import { until } from '../support/until.ts';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`the service's session pruning on ${backend.name}`, () => {
    const cleanups = cleanupsAfterEach();

    it('deletes, as it starts, the rows of sessions over for more than an hour, and keeps the live one', async () => {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const orm = await openMigratedOrm(database.url);
      cleanups.push(() => orm.close());
      const adapter = mikroOrmSessions(orm);
      const user = await storedUser(adapter, 'pruned@example.com');
      // Three sessions signed out an hour and a minute ago, one the minute after, one live.
      const hourAgo = Date.now() - 3_600_000;
      await signedInAndOut(adapter, user, 3, new Date(hourAgo - 60_000));
      const [recent] = await signedInAndOut(adapter, user, 1, new Date(hourAgo + 60_000));
      const live = await signedIn(adapter, user, new Date());

      const server = await startServer({ DATABASE_URL: database.url });
      cleanups.push(() => server.close());
      const pruned = () => server.logs.map((line) => JSON.parse(line)).filter(({ msg }) => msg.startsWith('sessions'));
      await until(() => pruned().length > 0, patienceMs);
      expect(pruned()).toEqual([expect.objectContaining({ level: 30, msg: 'sessions pruned', deleted: 3 })]);
      const left = await orm.em.fork().find(Session, {}, { orderBy: { lastUsedAt: 'asc' }, disableIdentityMap: true });
      expect(left.map(({ id }) => id)).toEqual([recent, live.session.id]);
    });
  });
}
