import { describe, expect, it } from 'vitest';
import { databaseBackends } from '../support/databases.ts';
import { ACTIVATE, CREATE_USER, DEACTIVATE, ME, SIGN_IN } from '../support/operations.ts';
import { serverForSuite, startServer } from '../support/server.ts';

const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
const details = (email: string) => ({ email, password: 'correct horse', name: 'John', surname: 'Doe' });
const credentialsOf = ({ email, password }: { email: string; password: string }) => ({ email, password });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`end to end over HTTP on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const allResponses: string[] = [];
    const credentials = { email: 'john@doe.com', password: 'correct horse' };

    const call = async (query: string, input: object, headers?: Record<string, string>) => {
      const response = await suite.server.graphql(query, { input }, headers);
      allResponses.push(JSON.stringify(response.body));
      expect(response.status).toBe(200);
      return response.body.data;
    };

    it('goes through the lifecycle: create, activate, sign in, me, deactivate, activate again', async () => {
      const { createUser } = await call(CREATE_USER, details(' John@Doe.com '));
      expect(createUser).toEqual({
        __typename: 'User',
        id: uuid,
        name: 'John',
        surname: 'Doe',
        email: 'john@doe.com',
        active: false,
        createdAt: iso,
        updatedAt: createUser.createdAt,
      });
      const user = { ...createUser, __typename: undefined };

      const { signIn: refused } = await call(SIGN_IN, credentials);
      expect(refused).toEqual({ __typename: 'UserInactiveError', message: 'The user must be activated first' });

      const { activate } = await call(ACTIVATE, { ...credentials, email: 'JOHN@doe.COM' });
      expect(activate).toEqual({ ...user, __typename: 'User', active: true, updatedAt: iso });

      const { signIn } = await call(SIGN_IN, credentials);
      expect(signIn).toEqual({
        __typename: 'SignInPayload',
        token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresAt: iso,
        user: { ...activate, __typename: undefined },
      });
      const expiresIn = Date.parse(signIn.expiresAt) - Date.now();
      // ACCESS_TOKEN_TTL_SECONDS' default: 15 minutes.
      expect(expiresIn).toBeGreaterThan(890_000);
      expect(expiresIn).toBeLessThanOrEqual(900_000);

      expect((await call(ME, {}, bearer(signIn.token))).me).toEqual({ ...activate, __typename: undefined });

      const { deactivate } = await call(DEACTIVATE, credentials);
      expect(deactivate).toMatchObject({ __typename: 'User', id: user.id, active: false });
      expect((await call(ME, {}, bearer(signIn.token))).me).toBeNull();
      expect((await call(SIGN_IN, credentials)).signIn.__typename).toBe('UserInactiveError');

      expect((await call(ACTIVATE, credentials)).activate).toMatchObject({ id: user.id, active: true });
      expect((await call(SIGN_IN, credentials)).signIn.user).toMatchObject({ id: user.id, active: true });
    });

    it('treats activate of an active user and deactivate of an inactive one as successful no-ops', async () => {
      const created = (await call(CREATE_USER, details('idempotent@doe.com'))).createUser;
      const input = credentialsOf(details('idempotent@doe.com'));
      expect((await call(DEACTIVATE, input)).deactivate).toMatchObject({ active: false, updatedAt: created.updatedAt });
      const activated = (await call(ACTIVATE, input)).activate;
      expect((await call(ACTIVATE, input)).activate).toEqual(activated);
    });

    it('answers each expected failure with its typed error result', async () => {
      await call(CREATE_USER, details('taken@doe.com'));
      expect((await call(CREATE_USER, details('TAKEN@doe.com '))).createUser).toEqual({
        __typename: 'EmailTakenError',
        message: 'A user with this email already exists',
      });
      for (const [query, field] of [
        [ACTIVATE, 'activate'],
        [DEACTIVATE, 'deactivate'],
        [SIGN_IN, 'signIn'],
      ] as const) {
        expect((await call(query, { email: 'nobody@doe.com', password: 'whatever' }))[field]).toEqual({
          __typename: 'UserNotFoundError',
          message: 'No user has this email',
        });
        expect((await call(query, { email: 'taken@doe.com', password: 'wrong password' }))[field]).toEqual({
          __typename: 'InvalidCredentialsError',
          message: 'The email or password is incorrect',
        });
      }
    });

    it('answers null to `me` without a token, with a forged one, or with another scheme', async () => {
      expect((await call(ME, {})).me).toBeNull();
      expect((await call(ME, {}, bearer('a.b.c'))).me).toBeNull();
      expect((await call(ME, {}, { authorization: 'Basic am9objpkb2U=' })).me).toBeNull();
    });

    it('keeps users and tokens across a restart of the server', async () => {
      await call(CREATE_USER, details('restart@doe.com'));
      const input = credentialsOf(details('restart@doe.com'));
      await call(ACTIVATE, input);
      const { token } = (await call(SIGN_IN, input)).signIn;
      await suite.server.close();
      suite.server = await startServer({ DATABASE_URL: suite.database.url });
      expect((await call(ME, {}, bearer(token))).me).toMatchObject({ email: 'restart@doe.com', active: true });
      expect((await call(SIGN_IN, input)).signIn.__typename).toBe('SignInPayload');
    });

    it('lets exactly one of 40 concurrent sign-ups with one email through', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, () => call(CREATE_USER, details('race@doe.com'))));
      const typenames = results.map((data) => data.createUser.__typename);
      expect(typenames.filter((name) => name === 'User')).toHaveLength(1);
      expect(typenames.filter((name) => name === 'EmailTakenError')).toHaveLength(39);
    });

    it('never sent a password or a password hash in any response above', () => {
      expect(allResponses.length).toBeGreaterThan(60);
      for (const body of allResponses) {
        expect(body).not.toContain('correct horse');
        expect(body).not.toContain('$argon2');
      }
    });
  });
}
