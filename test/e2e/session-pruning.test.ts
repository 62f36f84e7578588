import { describe, expect, it } from 'vitest';
import { Session } from '../../src/domain/session.ts';
import { clientOf } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { patienceMs } from '../support/patience.ts';
import { type SuiteServer, startServer } from '../support/server.ts';
import { SIGN_OUT, sessionClientOf } from '../support/session-operations.ts';
import { until } from '../support/until.ts';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`the service's session pruning on ${backend.name}`, () => {
    const cleanups = cleanupsAfterEach();

    it('deletes the rows a sign-in and sign-out loop left once they are over for more than an hour; the live session stays', async () => {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const orm = await openMigratedOrm(database.url);
      cleanups.push(() => orm.close());
      const sessionIds = async () => (await orm.em.fork().find(Session, {}, { disableIdentityMap: true })).map(({ id }) => id);
      const clock = new ManualClock();
      const start = () => startServer({ DATABASE_URL: database.url }, { clock });
      const suite: SuiteServer = { database, server: await start() };
      cleanups.push(() => suite.server.close());
      const sessions = sessionClientOf(suite);
      const { email } = await clientOf(suite).account();
      const [live] = await sessionIds();
      for (let i = 0; i < 10; i++) {
        const { accessToken } = await sessions.signIn(email);
        expect((await sessions.ask(SIGN_OUT, {}, sessions.as(accessToken))).__typename).toBe('SignOutPayload');
      }
      expect(await sessionIds()).toHaveLength(11);

      // The service prunes as it starts (then hourly): started again an hour and a second after the sign-outs.
      await suite.server.close();
      clock.advance(3600 + 1);
      suite.server = await start();
      const pruned = () => suite.server.logs.map((line) => JSON.parse(line)).filter(({ msg }) => msg.startsWith('sessions'));
      await until(() => pruned().length > 0, patienceMs);
      expect(pruned()).toEqual([expect.objectContaining({ level: 30, msg: 'sessions pruned', deleted: 10 })]);
      expect(await sessionIds()).toEqual([live]);
    });
  });
}
