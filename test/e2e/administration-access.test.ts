import { describe, expect, it } from 'vitest';
import { type Account, clientOf, failure, forbidden, notAuthenticated, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import {
  ACTIVATE,
  DEACTIVATE,
  DELETE_USER,
  REINSTATE_USER,
  SET_USER_ROLE,
  SUSPEND_USER,
  UPDATE_USER,
  USER,
  USERS,
} from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

/** Every admin field, each with arguments it would accept from an admin, aimed at `id`. */
const adminFields = (id: string) =>
  [
    [USERS, {}],
    [USER, { id }],
    [UPDATE_USER, { id, input: { name: 'Mallory' } }],
    [SUSPEND_USER, { id, input: { reason: 'Spam' } }],
    [REINSTATE_USER, { id }],
    [SET_USER_ROLE, { id, role: 'ADMIN' }],
    [DELETE_USER, { id }],
  ] as const;

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`who may use the admin fields, on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const { call, signIn, account, admin } = clientOf(suite);

    /** Every admin field refused to `token` with `refusal`, and the target as it was. */
    async function expectRefusedEverywhere(token: string | undefined, refusal: object, target: Account, by: Account) {
      const before = await call(USER, { id: target.id }, by.token);
      for (const [query, variables] of adminFields(target.id)) expect(await call(query, variables, token)).toEqual(refusal);
      expect(await call(USER, { id: target.id }, by.token)).toEqual(before);
    }

    it('answers NotAuthenticatedError without a token, with a forged one, or with one of an admin since deactivated, suspended or deleted', async () => {
      const [owner, target, deactivated, suspended, deleted] = [
        await admin(),
        await account(),
        await admin(),
        await admin(),
        await admin(),
      ];
      expect((await call(DEACTIVATE, { input: { email: deactivated.email, password } })).active).toBe(false);
      expect((await call(SUSPEND_USER, { id: suspended.id, input: { reason: 'Spam' } }, owner.token)).suspension.reason).toBe('Spam');
      expect(await call(DELETE_USER, { id: deleted.id }, owner.token)).toEqual({ __typename: 'DeletedUser', id: deleted.id });
      for (const token of [undefined, 'a.b.c', deactivated.token, suspended.token, deleted.token]) {
        await expectRefusedEverywhere(token, notAuthenticated, target, owner);
      }
      // Activating again does not revive a token issued before the deactivation.
      expect((await call(ACTIVATE, { input: { email: deactivated.email, password } })).active).toBe(true);
      await expectRefusedEverywhere(deactivated.token, notAuthenticated, target, owner);
    });

    it('answers ForbiddenError to a signed-in USER from every admin field, and changes nothing', async () => {
      const [owner, user, target] = [await admin(), await account(), await account()];
      await expectRefusedEverywhere(user.token, forbidden, target, owner);
      // Not even on their own account.
      await expectRefusedEverywhere(user.token, forbidden, user, owner);
    });

    it('lets a promoted user in, and shuts a demoted admin out, on their very next request with the same token', async () => {
      const [owner, promoted] = [await admin(), await account()];
      expect((await call(USERS, { first: 1 }, promoted.token)).__typename).toBe('ForbiddenError');
      expect((await call(SET_USER_ROLE, { id: promoted.id, role: 'ADMIN' }, owner.token)).role).toBe('ADMIN');
      expect((await call(USERS, { first: 1 }, promoted.token)).__typename).toBe('UserConnection');
      expect((await call(SET_USER_ROLE, { id: promoted.id, role: 'USER' }, owner.token)).role).toBe('USER');
      expect(await call(USERS, { first: 1 }, promoted.token)).toEqual(forbidden);
      expect(await call(SET_USER_ROLE, { id: owner.id, role: 'USER' }, promoted.token)).toEqual(forbidden);
    });

    it('shuts an admin who deactivates themself out on their next request; signing in again makes them an admin again', async () => {
      // Another admin first, so that the last-admin rule lets this one go.
      const [, leaving] = [await admin(), await admin()];
      expect((await call(USERS, { first: 1 }, leaving.token)).__typename).toBe('UserConnection');
      expect((await call(DEACTIVATE, { input: { email: leaving.email, password } })).active).toBe(false);
      // Deactivation revokes the token and the user is no longer active: not signed in at all.
      expect(await call(USERS, { first: 1 }, leaving.token)).toEqual(notAuthenticated);
      await call(ACTIVATE, { input: { email: leaving.email, password } });
      const token = await signIn(leaving.email);
      expect((await call(USERS, { first: 1 }, token)).__typename).toBe('UserConnection');
    });

    it('answers ForbiddenError to an admin who suspends themself, and keeps them an admin', async () => {
      // A second admin, so that no last-admin rule could be what refuses.
      const [self] = [await admin(), await admin()];
      expect(await call(SUSPEND_USER, { id: self.id, input: { reason: 'Holiday' } }, self.token)).toEqual(
        failure('ForbiddenError', 'An admin cannot suspend themself'),
      );
      const unchanged = await call(USER, { id: self.id }, self.token);
      expect(unchanged).toMatchObject({ __typename: 'User', role: 'ADMIN', active: true, suspension: null });
    });
  });
}
