import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { activeUser, bearer, graphql } from '../support/graphql-client.ts';
import { DEACTIVATE, ME } from '../support/operations.ts';
import { startServer } from '../support/server.ts';

const cleanups = cleanupsAfterEach();

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`a burst of concurrent callers, on ${backend.name}`, () => {
    // The server reads the callers of one event-loop turn in one query (PreparedUserReader). In a
    // process of its own a burst queues up while it works, as under load, and batches form: handing
    // rows out by position instead of by id fails this test (an in-process server, whose client
    // shares its event loop, formed none when this was written).
    it('each get their own user, and a revoked token null', async () => {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const { origin } = await startServer({ DATABASE_URL: database.url }, { in: 'child process', cleanups });
      const users = [await activeUser(origin), await activeUser(origin), await activeUser(origin)];
      const revoked = users[2]!;
      await graphql(origin, DEACTIVATE, { input: { email: revoked.email, password: revoked.password } });
      // Out of the order they were stored in, each several times.
      const callers = Array.from({ length: 400 }, (_, i) => users[[2, 0, 1, 1][i % 4]!]!);
      const answers = await Promise.all(callers.map((caller) => graphql(origin, ME, {}, bearer(caller.token))));
      expect(answers.map((answer) => answer.body.data.me?.email ?? null)).toEqual(
        callers.map((caller) => (caller === revoked ? null : caller.email)),
      );
    });
  });
}
