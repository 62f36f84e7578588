import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { graphql } from '../support/graphql-client.ts';
import { ACTIVATE, CREATE_USER } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { startServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const cleanups = cleanupsAfterEach();

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`kill -9 in the middle of sign-ups, on ${backend.name}`, () => {
    it('loses no user that got a User answer: each is there after a restart, and can be activated', async () => {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const environment = { DATABASE_URL: database.url };
      const first = await startServer(environment, { in: 'child process', cleanups });
      const password = 'correct horse';
      const answered: string[] = [];
      let killed = false;
      const signUps = async () => {
        while (!killed) {
          const email = `${randomUUID()}@doe.com`;
          const input = { email, password, name: 'Crash', surname: 'Safety' };
          const answer = await graphql(first.origin, CREATE_USER, { input }).catch(() => null); // cut off by the kill
          if (answer?.body.data?.createUser?.__typename === 'User') answered.push(email);
        }
      };
      const streams = Array.from({ length: 8 }, signUps);
      await until(() => answered.length >= 60, patienceMs);
      first.app.child.kill('SIGKILL');
      killed = true;
      await Promise.all(streams);
      expect(await first.app.exitCode).toBeNull();

      const second = await startServer(environment, { in: 'child process', cleanups });
      for (const email of answered) {
        const activated = await graphql(second.origin, ACTIVATE, { input: { email, password } });
        expect(activated.body.data.activate).toMatchObject({ __typename: 'User', email, active: true });
      }
    });
  });
}
