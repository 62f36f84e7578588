import { describe, expect, it } from 'vitest';
import {
  clientOf,
  expectTooManyAttempts,
  failure,
  invalid,
  invalidCredentials,
  iso,
  notAuthenticated,
  password,
} from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import {
  ACCOUNT_ME,
  CHANGE_PASSWORD,
  CREATE_USER,
  DELETE_ME,
  DELETE_USER,
  SIGN_IN,
  SIGN_OUT_EVERYWHERE,
  UPDATE_ME,
} from '../support/operations.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { serverForSuite, type TestServer } from '../support/server.ts';

const newPassword = 'Tr0ub4dor&3 staple';
const wrongPassword = 'wrong horse battery';
/** The email's lock: at most the 15-minute window. */
const expectTooMany = (answer: { retryAfterSeconds: number }) => expectTooManyAttempts(answer, 900);
const passwordFields = 'createUser, activate, deactivate, signIn, changePassword, deleteMe';
const servers: TestServer[] = [];

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`self-service on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const { call, signIn, account, admin } = clientOf(suite);
    const me = (token: string) => call(ACCOUNT_ME, {}, token);
    const credentials = (email: string, secret = password) => ({ input: { email, password: secret } });

    it('applies each change of one document to the account the one before changed; signing out ends the rest', async () => {
      const { token } = await account();
      const twoChanges = `mutation {
        a: updateMe(input: { name: "Grace" }) { ... on User { name surname } }
        b: updateMe(input: { surname: "Hopper" }) { ... on User { name surname } }
        c: signOutEverywhere { __typename }
        d: updateMe(input: { name: "Eve" }) { __typename }
      }`;
      const response = await suite.server.graphql(twoChanges, {}, { authorization: `Bearer ${token}` });
      expect(response.body).toEqual({
        data: {
          a: { name: 'Grace', surname: 'Lovelace' },
          b: { name: 'Grace', surname: 'Hopper' },
          c: { __typename: 'SignOutPayload' },
          d: { __typename: 'NotAuthenticatedError' },
        },
      });
    });

    it('updateMe changes only the fields given, moves updatedAt only on a change, and validates like createUser', async () => {
      const { token } = await account();
      servers.push(suite.server);
      const before = await me(token);
      expect(await call(UPDATE_ME, { input: {} }, token)).toEqual({ ...before, __typename: 'User' });
      expect(await call(UPDATE_ME, { input: { name: before.name, surname: before.surname } }, token)).toEqual({
        ...before,
        __typename: 'User',
      });
      const renamed = await call(UPDATE_ME, { input: { name: ' Grace ' } }, token);
      expect(renamed).toEqual({ ...before, __typename: 'User', name: 'Grace', updatedAt: iso });
      expect(Date.parse(renamed.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      const resurnamed = await call(UPDATE_ME, { input: { surname: 'Hopper' } }, token);
      expect(resurnamed).toEqual({ ...renamed, surname: 'Hopper', updatedAt: iso });
      expect(await call(UPDATE_ME, { input: { name: '' } }, token)).toEqual(invalid(['input', 'name'], 'Must not be empty', 'EMPTY'));
      expect(await call(UPDATE_ME, { input: { surname: 'Do\u202ee' } }, token)).toEqual(
        invalid(['input', 'surname'], 'Must not contain bidirectional control characters', 'BIDI_CONTROLS'),
      );
      expect(await me(token)).toEqual({ ...resurnamed, __typename: undefined });
      expect(await call(UPDATE_ME, { input: { name: 'Eve' } })).toEqual(notAuthenticated);
      // The email is not the user's to change.
      const response = await suite.server.graphql(UPDATE_ME, { input: { email: 'eve@doe.com' } }, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].message).toBe(
        'Variable "$input" got an invalid value; Field "email" is not defined by type "UpdateMeInput".',
      );
    });

    it('changePassword checks the current password, refuses a common new one, and revokes every older token', async () => {
      const { email, token } = await account();
      const other = await signIn(email);
      const change = (currentPassword: string, next: string, by = token) =>
        call(CHANGE_PASSWORD, { input: { currentPassword, newPassword: next } }, by);
      expect(await change(wrongPassword, newPassword)).toEqual(invalidCredentials);
      expect(await change(password, 'iloveyou')).toEqual(
        invalid(['input', 'newPassword'], 'This password is too common: choose one that is harder to guess', 'COMMON_PASSWORD'),
      );
      const before = await me(token);
      const changed = await change(password, newPassword);
      expect(changed).toEqual({
        __typename: 'SignInPayload',
        token: expect.any(String),
        expiresAt: iso,
        user: { ...before, updatedAt: iso },
      });
      expect(Date.parse(changed.user.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(await me(changed.token)).toEqual(changed.user);
      expect([await me(token), await me(other)]).toEqual([null, null]);
      expect(await change(newPassword, password, other)).toEqual(notAuthenticated);
      expect(await call(SIGN_IN, credentials(email))).toEqual(invalidCredentials);
      expect((await call(SIGN_IN, credentials(email, newPassword))).user.id).toBe(before.id);
    });

    it('never leaves a token of a password change valid once another change replaced that password (two at once, 3 rounds)', async () => {
      for (let round = 0; round < 3; round++) {
        const { email, token } = await account();
        const changes = ['first new password', 'second new password'];
        const answers = await Promise.all(
          changes.map((next) => call(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: next } }, token)),
        );
        for (const [index, answer] of answers.entries()) {
          if (answer.__typename !== 'SignInPayload' || (await me(answer.token)) === null) continue;
          // A caller still holding a fresh token was told its password is now this one.
          expect((await call(SIGN_IN, credentials(email, changes[index]))).__typename).toBe('SignInPayload');
        }
      }
    });

    it('counts a wrong current password of changePassword as a failed sign-in, up to TooManyAttemptsError', async () => {
      const { email, token } = await account();
      for (let failure = 0; failure < 5; failure++) {
        expect(await call(CHANGE_PASSWORD, { input: { currentPassword: wrongPassword, newPassword } }, token)).toEqual(invalidCredentials);
      }
      expectTooMany(await call(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword } }, token));
      expectTooMany(await call(SIGN_IN, credentials(email)));
      // Refused, so unchanged: the token still works.
      expect((await me(token)).email).toBe(email);
    });

    it('signOutEverywhere refuses every token issued until now, its own included', async () => {
      const { email, token } = await account();
      const other = await signIn(email);
      const before = Date.now();
      const signedOut = await call(SIGN_OUT_EVERYWHERE, {}, token);
      const after = Date.now();
      expect(signedOut).toEqual({ __typename: 'SignOutPayload', revokedAt: iso });
      expect(Date.parse(signedOut.revokedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(signedOut.revokedAt)).toBeLessThanOrEqual(after);
      expect([await me(token), await me(other)]).toEqual([null, null]);
      expect(await call(SIGN_OUT_EVERYWHERE, {}, token)).toEqual(notAuthenticated);
      expect((await me(await signIn(email))).email).toBe(email);
    });

    it('deleteMe wants the password; afterwards the token finds no one and the email can sign up again', async () => {
      const { id, email, token } = await account();
      expect(await call(DELETE_ME, { input: { password: wrongPassword } }, token)).toEqual(invalidCredentials);
      expect((await me(token)).id).toBe(id);
      expect(await call(DELETE_ME, { input: { password } })).toEqual(notAuthenticated);
      expect(await call(DELETE_ME, { input: { password } }, token)).toEqual({ __typename: 'DeletedUser', id });
      expect(await me(token)).toBeNull();
      expect(await call(SIGN_IN, credentials(email))).toEqual(failure('UserNotFoundError', 'No user has this email'));
      const again = await call(CREATE_USER, { input: { email, password, name: 'Ada', surname: 'Lovelace' } });
      expect(again).toMatchObject({ __typename: 'User', email, active: false });
      expect(again.id).not.toBe(id);
    });

    it("deleteUser by an admin leaves the target's token finding no one", async () => {
      const [{ token: adminToken }, target] = [await admin(), await account()];
      expect((await me(target.token)).id).toBe(target.id);
      expect(await call(DELETE_USER, { id: target.id }, adminToken)).toEqual({ __typename: 'DeletedUser', id: target.id });
      expect(await me(target.token)).toBeNull();
    });

    it('refuses a document with two password fields, changePassword and deleteMe counted, before anything runs', async () => {
      const { email, token } = await account();
      const send = (query: string, variables: object) =>
        suite.server.graphql(query, variables, { authorization: `Bearer ${token}`, accept: 'application/graphql-response+json' });
      const refused = {
        status: 400,
        body: {
          errors: [
            {
              message: `A document may contain only one of ${passwordFields} (aliases and fragments included); this one has 2.`,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      };
      const signInAndChange = `mutation ($credentials: UserCredentialsInput!, $change: ChangePasswordInput!) {
        signIn(input: $credentials) { __typename } changePassword(input: $change) { __typename } }`;
      const change = { currentPassword: password, newPassword };
      expect(await send(signInAndChange, { credentials: { email, password }, change })).toEqual(refused);
      const twoDeletes =
        'mutation ($input: DeleteMeInput!) { a: deleteMe(input: $input) { __typename } b: deleteMe(input: $input) { __typename } }';
      expect(await send(twoDeletes, { input: { password } })).toEqual(refused);
      // Nothing ran: the account, its password and its token are as they were.
      expect((await me(token)).email).toBe(email);
      expect((await call(SIGN_IN, credentials(email))).__typename).toBe('SignInPayload');
    });
  });
}

describe('what the self-service servers sent and logged', () => {
  it('holds no password and no password hash', () => {
    expectNoSecrets(servers, [password, newPassword, wrongPassword, 'iloveyou', 'first new password', 'second new password']);
  });
});
