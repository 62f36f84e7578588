import { describe, expect, it } from 'vitest';
import { bearer, clientOf, expectTooManyAttempts, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { SET_USER_ROLE, SIGN_IN, SIGN_OUT_EVERYWHERE, UPDATE_ME } from '../support/operations.ts';
import { serverForSuite, startServer } from '../support/server.ts';

/** Sign-up's activate and signIn each spend one write of the new account's budget. */
const writesToSignIn = 2;
const aliasedUpdates = (count: number, prefix = 'n') =>
  `mutation { ${Array.from({ length: count }, (_, i) => `a${i}: updateMe(input: {name: "${prefix}${i}"}) { __typename }`).join(' ')} }`;
const EVENTS_OF = `query ($id: ID!) {
  user(id: $id) { ... on User { auditEvents(first: 100) { ... on AuditEventConnection { edges { node { type } } } } } }
}`;

/** The write budget's refusal: at most its one-minute window. */
const expectWriteLimit = (answer: { retryAfterSeconds: number }) => expectTooManyAttempts(answer, 60);

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`writes per account and mutations per document on ${backend.name} (defaults)`, () => {
    // The defaults: 30 writes a minute per account, 5 mutation fields a document.
    const suite = serverForSuite(backend.create, { ACCOUNT_WRITES_PER_MINUTE: '30' });
    const { call, account, admin } = clientOf(suite);

    it('refuses a document of 15 aliased updateMe before execution: nothing is written', async () => {
      const { token } = await account();
      const response = await suite.server.graphql(aliasedUpdates(15), {}, bearer(token));
      expect(response).toEqual({
        status: 200,
        body: {
          errors: [
            {
              message: 'A document may contain at most 5 mutation fields (aliases and fragments included); this one has 15.',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      });
      expect((await call('{ me { name } }', {}, token)).name).toBe('Ada');
    });

    it('counts mutation fields through fragments and across operations, and lets 5 through', async () => {
      const { token } = await account();
      const refusal = (found: number) => ({
        status: 200,
        body: {
          errors: [
            {
              message: `A document may contain at most 5 mutation fields (aliases and fragments included); this one has ${found}.`,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      });
      const fragments = `mutation { ...Three ...Three } fragment Three on Mutation { x: signOutEverywhere { __typename } ${aliasedUpdates(2).slice(11, -2)} }`;
      expect(await suite.server.graphql(fragments, {}, bearer(token))).toEqual(refusal(6));
      const five = await suite.server.graphql(`${aliasedUpdates(5)}`, {}, bearer(token));
      expect(five).toEqual({
        status: 200,
        body: {
          data: {
            a0: { __typename: 'User' },
            a1: { __typename: 'User' },
            a2: { __typename: 'User' },
            a3: { __typename: 'User' },
            a4: { __typename: 'User' },
          },
        },
      });
    });

    it('answers TooManyAttemptsError past 30 writes a minute, and the outbox holds only the 30', async () => {
      const { id, token } = await account();
      const answers: string[] = [];
      for (let document = 0; document < 20; document++) {
        const response = await suite.server.graphql(aliasedUpdates(5, `d${document}n`), {}, bearer(token));
        expect(response.status).toBe(200);
        answers.push(...Object.values(response.body.data as Record<string, { __typename: string }>).map((a) => a.__typename));
      }
      expect(answers).toEqual([
        ...Array(30 - writesToSignIn).fill('User'),
        ...Array(100 - (30 - writesToSignIn)).fill('TooManyAttemptsError'),
      ]);
      expectWriteLimit(await call(UPDATE_ME, { input: { name: 'Late' } }, token));
      const trail = await call(EVENTS_OF, { id }, (await admin()).token);
      const types = trail.auditEvents.edges.map((edge: { node: { type: string } }) => edge.node.type);
      expect(types).toEqual([
        ...Array(30 - writesToSignIn).fill('UserUpdated'),
        'SessionStarted',
        'UserSignedIn',
        'UserActivated',
        'UserCreated',
      ]);
    });

    it("counts every kind of write, signIn included; a wrong password spends nothing; another account's budget is its own", async () => {
      const busy = await account();
      const other = await account();
      expect((await call(SIGN_OUT_EVERYWHERE, {}, busy.token)).__typename).toBe('SignOutPayload');
      const wrong = await call(SIGN_IN, { input: { email: busy.email, password: 'wrong horse battery' } });
      expect(wrong.__typename).toBe('InvalidCredentialsError');
      for (let i = 0; i < 30 - writesToSignIn - 1; i++) {
        expect((await call(SIGN_IN, { input: { email: busy.email, password } })).__typename).toBe('SignInPayload');
      }
      expectWriteLimit(await call(SIGN_IN, { input: { email: busy.email, password } }));
      expect((await call(UPDATE_ME, { input: { name: 'Free' } }, other.token)).__typename).toBe('User');
    });
  });

  describe.skipIf(!backend.available)(`an admin's writes on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create, { ACCOUNT_WRITES_PER_MINUTE: '5' });
    const { call, account, admin } = clientOf(suite);

    it("count against the admin's own budget, not the target's", async () => {
      const { token } = await admin();
      const target = await account();
      const roles = ['ADMIN', 'USER', 'ADMIN'];
      for (const role of roles) {
        expect((await call(SET_USER_ROLE, { id: target.id, role }, token)).__typename).toBe('User');
      }
      expectWriteLimit(await call(SET_USER_ROLE, { id: target.id, role: 'USER' }, token));
      expect((await call(UPDATE_ME, { input: { name: 'Target' } }, target.token)).__typename).toBe('User');
    });
  });

  describe.skipIf(!backend.available)(`the write budget across two instances on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create, { ACCOUNT_WRITES_PER_MINUTE: '6' });
    const { call, account } = clientOf(suite);

    it('is shared: writes on either instance count together', async () => {
      const second = await startServer({ DATABASE_URL: suite.database.url, ACCOUNT_WRITES_PER_MINUTE: '6' });
      try {
        const { token } = await account();
        const onSecond = async () => (await second.graphql(UPDATE_ME, { input: { name: 'Two' } }, bearer(token))).body.data.updateMe;
        for (let i = 0; i < 2; i++) expect((await call(UPDATE_ME, { input: { name: 'One' } }, token)).__typename).toBe('User');
        for (let i = 0; i < 2; i++) expect((await onSecond()).__typename).toBe('User');
        expectWriteLimit(await onSecond());
        expectWriteLimit(await call(UPDATE_ME, { input: { name: 'One' } }, token));
      } finally {
        await second.close();
      }
    });
  });
}
