import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type Account, clientOf, lastAdmin, password } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { DEACTIVATE, DELETE_ME, DELETE_USER, SET_USER_ROLE, SUSPEND_USER, USER, USERS } from '../support/operations.ts';
import { type SuiteServer, startServer } from '../support/server.ts';

const rounds = 10;
type Request = [query: string, variables: object, token: string];

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`the last active admin on ${backend.name}`, () => {
    const cleanups = cleanupsAfterEach();

    /** A server on a database of the test's own: the rule counts every admin in it. */
    async function freshService() {
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const suite: SuiteServer = { database, server: await startServer({ DATABASE_URL: database.url }) };
      cleanups.push(() => suite.server.close());
      return clientOf(suite);
    }

    it('lets users deactivate and delete themselves while the service has no admin at all', async () => {
      const { call, account } = await freshService();
      const [leaving, deleting] = [await account(), await account()];
      expect((await call(DEACTIVATE, { input: { email: leaving.email, password } })).active).toBe(false);
      expect(await call(DELETE_ME, { input: { password } }, deleting.token)).toEqual({ __typename: 'DeletedUser', id: deleting.id });
    });

    it('refuses to demote, delete or deactivate the last active admin, by themself or by the API', async () => {
      const { call, admin } = await freshService();
      const sole = await admin();
      // Admins who are suspended or inactive do not count.
      const [suspended, inactive] = [await admin(), await admin()];
      await call(SUSPEND_USER, { id: suspended.id, input: { reason: 'Holiday' } }, sole.token);
      expect((await call(DEACTIVATE, { input: { email: inactive.email, password } })).active).toBe(false);
      const before = await call(USER, { id: sole.id }, sole.token);
      expect(await call(SET_USER_ROLE, { id: sole.id, role: 'USER' }, sole.token)).toEqual(lastAdmin);
      expect(await call(DELETE_USER, { id: sole.id }, sole.token)).toEqual(lastAdmin);
      expect(await call(DEACTIVATE, { input: { email: sole.email, password } })).toEqual(lastAdmin);
      expect(await call(DELETE_ME, { input: { password } }, sole.token)).toEqual(lastAdmin);
      expect(await call(USER, { id: sole.id }, sole.token)).toEqual(before);
      // With a second active admin, the first may step down.
      await admin();
      expect((await call(SET_USER_ROLE, { id: sole.id, role: 'USER' }, sole.token)).role).toBe('USER');
    });

    it('counts an admin again once their suspension has ended', async () => {
      const { call, admin } = await freshService();
      const [sole, resting] = [await admin(), await admin()];
      const until = new Date(Date.now() + 2500).toISOString();
      await call(SUSPEND_USER, { id: resting.id, input: { reason: 'Holiday', until } }, sole.token);
      expect(await call(SET_USER_ROLE, { id: sole.id, role: 'USER' }, sole.token)).toEqual(lastAdmin);
      await sleep(Date.parse(until) - Date.now() + 50);
      expect((await call(SET_USER_ROLE, { id: sole.id, role: 'USER' }, sole.token)).role).toBe('USER');
    });

    /**
     * Two admins act on each other at the same moment, `rounds` times: one wins. The other hears
     * LastAdminError, or, if the winner had already committed when its own request was authorised,
     * the refusal of a caller who is no admin (demoted) or not signed in at all (suspended).
     * (SQLite's synchronous driver runs one request's queries without yielding, so there the second
     * is in practice authorised after the first committed; on PostgreSQL they overlap.)
     */
    async function raceEachOther(act: (caller: Account, target: Account) => Request, losing: string) {
      const { call, account, admin } = await freshService();
      let survivor = await admin();
      for (let round = 0; round < rounds; round++) {
        const rival = await account();
        expect((await call(SET_USER_ROLE, { id: rival.id, role: 'ADMIN' }, survivor.token)).role).toBe('ADMIN');
        const pair = [survivor, rival] as const;
        const answers = await Promise.all([call(...act(pair[0], pair[1])), call(...act(pair[1], pair[0]))]);
        const typenames = answers.map((answer) => answer.__typename as string);
        expect([
          ['LastAdminError', 'User'],
          [losing, 'User'],
        ]).toContainEqual([...typenames].sort());
        survivor = pair[typenames.indexOf('User')]!;
        const admins = await call(USERS, { filter: { role: 'ADMIN', active: true, suspended: false } }, survivor.token);
        expect(admins.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([survivor.id]);
      }
    }

    it(`leaves exactly one of two admins demoting each other at the same moment an admin (${rounds} rounds)`, async () => {
      const demote = (caller: Account, target: Account): Request => [SET_USER_ROLE, { id: target.id, role: 'USER' }, caller.token];
      await raceEachOther(demote, 'ForbiddenError');
    });

    it(`leaves exactly one of two admins suspending each other at the same moment unsuspended (${rounds} rounds)`, async () => {
      const suspend = (caller: Account, target: Account): Request => [
        SUSPEND_USER,
        { id: target.id, input: { reason: 'Coup' } },
        caller.token,
      ];
      await raceEachOther(suspend, 'NotAuthenticatedError');
    });
  });
}
