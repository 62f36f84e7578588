import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { clientOf, invalidCredentials, iso, notAuthenticated, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import {
  ACCOUNT_ME,
  ACTIVATE_OR_SUSPENDED,
  REINSTATE_USER,
  SIGN_IN_OR_SUSPENDED,
  SUSPEND_USER,
  USER,
  USERS,
} from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

const suspended = (reason: string, until: string | null) => ({
  __typename: 'UserSuspendedError',
  message: until ? `This account is suspended until ${until}` : 'This account is suspended',
  reason,
  until,
});

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`suspension on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const { call, signIn, account, admin } = clientOf(suite);
    const credentials = (email: string, secret = password) => ({ input: { email, password: secret } });

    it('refuses sign-in and activation with UserSuspendedError, telling reason and end only after the right password', async () => {
      const { token } = await admin();
      const [active, inactive] = [await account(), await account({ activated: false })];
      const until = new Date(Date.now() + 86_400_000).toISOString();
      const suspension = await call(SUSPEND_USER, { id: active.id, input: { reason: 'Spam', until } }, token);
      expect(suspension.suspension).toEqual({ reason: 'Spam', until, suspendedAt: iso });
      expect(suspension.updatedAt).toBe(suspension.suspension.suspendedAt);
      await call(SUSPEND_USER, { id: inactive.id, input: { reason: 'Bots' } }, token);
      for (const [user, reason, end] of [
        [active, 'Spam', until],
        [inactive, 'Bots', null],
      ] as const) {
        for (const query of [SIGN_IN_OR_SUSPENDED, ACTIVATE_OR_SUSPENDED]) {
          expect(await call(query, credentials(user.email, 'wrong password'))).toEqual(invalidCredentials);
          expect(await call(query, credentials(user.email))).toEqual(suspended(reason, end));
        }
      }
      // The inactive one stays inactive: a refused activation changes nothing.
      expect((await call(USER, { id: inactive.id }, token)).active).toBe(false);
    });

    it("revokes the user's tokens: `me` is null and they stay refused after reinstatement", async () => {
      const { token } = await admin();
      const user = await account();
      await call(SUSPEND_USER, { id: user.id, input: { reason: 'Spam' } }, token);
      expect(await call(ACCOUNT_ME, {}, user.token)).toBeNull();
      const reinstated = await call(REINSTATE_USER, { id: user.id }, token);
      expect(reinstated).toMatchObject({ __typename: 'User', id: user.id, suspension: null });
      expect(await call(ACCOUNT_ME, {}, user.token)).toBeNull();
      const fresh = await signIn(user.email);
      expect(await call(ACCOUNT_ME, {}, fresh)).toEqual({ ...reinstated, __typename: undefined });
    });

    it('no longer counts a suspension once its `until` has passed, in answers, filters and sign-in', async () => {
      const owner = await admin();
      const user = await account();
      const until = new Date(Date.now() + 2500).toISOString();
      await call(SUSPEND_USER, { id: user.id, input: { reason: 'Cooling off', until } }, owner.token);
      expect(await call(SIGN_IN_OR_SUSPENDED, credentials(user.email))).toEqual(suspended('Cooling off', until));
      const inFilter = async (suspendedNow: boolean) =>
        (await call(USERS, { filter: { suspended: suspendedNow, emailStartsWith: user.email } }, owner.token)).totalCount;
      expect([await inFilter(true), await inFilter(false)]).toEqual([1, 0]);
      await sleep(Date.parse(until) - Date.now() + 50);
      expect([await inFilter(true), await inFilter(false)]).toEqual([0, 1]);
      expect((await call(USER, { id: user.id }, owner.token)).suspension).toBeNull();
      const signedIn = await call(SIGN_IN_OR_SUSPENDED, credentials(user.email));
      expect(signedIn).toMatchObject({ __typename: 'SignInPayload', user: { id: user.id } });
      expect((await call(ACCOUNT_ME, {}, signedIn.token)).suspension).toBeNull();
      // The tokens revoked by the suspension stay revoked.
      expect(await call(USERS, {}, user.token)).toEqual(notAuthenticated);
    });
  });
}
