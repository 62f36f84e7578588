import { describe, expect, it } from 'vitest';
import { clientOf } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { UPDATE_USER, USER } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

const lostRace = {
  __typename: 'ConcurrentChangeError',
  message: 'The user changed meanwhile: read it again and retry',
};

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`concurrent changes of one user, on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);

    it('land one at a time: a change made from a stale read answers ConcurrentChangeError and writes nothing', async () => {
      const client = clientOf(suite);
      const [first, second] = [await client.admin(), await client.admin()];
      const target = await client.account();
      for (let round = 0; round < 10; round++) {
        const edits = [`First${round}`, `Second${round}`];
        const answers = await Promise.all(
          [first, second].map((admin, i) => client.call(UPDATE_USER, { id: target.id, input: { name: edits[i] } }, admin.token)),
        );
        const written = answers.filter((answer) => answer.__typename === 'User');
        // Each either landed whole or was refused whole; never a masked error, never a mix.
        expect(written.length).toBeGreaterThanOrEqual(1);
        for (const answer of answers) if (answer.__typename !== 'User') expect(answer).toEqual(lostRace);
        const stored = await client.call(USER, { id: target.id }, first.token);
        expect(written.map((answer) => answer.name)).toContain(stored.name);
      }
    });
  });
}
