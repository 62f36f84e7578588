import { describe, expect, it } from 'vitest';
import { clientOf } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { serverForSuite, startServer } from '../support/server.ts';
import { invalidRefreshToken, REFRESH_SESSION, sessionClientOf } from '../support/session-operations.ts';

const seconds = (iso: unknown) => Date.parse(String(iso)) / 1000;

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`refreshing sessions on ${backend.name}`, () => {
    // The expiries, by a clock the test moves, are in session-expiry.test.ts.
    const suite = serverForSuite(backend.create);
    const { account } = clientOf(suite);
    const sessions = sessionClientOf(suite);

    it('ASVS 7.2.3, 7.2.4: a sign-in starts a new session with a short access token naming it and a 256-bit refresh token', async () => {
      const { email, id } = await account();
      const [one, two] = [await sessions.signIn(email, 'Firefox\t/128'), await sessions.signIn(email)];
      expect(one.session.id).not.toBe(two.session.id);
      expect(one.token).toBe(one.accessToken);
      expect(one.expiresAt).toBe(one.accessTokenExpiresAt);
      expect(seconds(one.accessTokenExpiresAt) - Date.now() / 1000).toBeLessThanOrEqual(900);
      expect(seconds(one.accessTokenExpiresAt) - Date.now() / 1000).toBeGreaterThan(890);
      const sid = JSON.parse(Buffer.from(one.accessToken.split('.')[1]!, 'base64url').toString()).sid;
      expect(sid).toBe(one.session.id);
      // 16 id bytes, 4 counter bytes, a 32-byte HMAC: 52 bytes of base64url.
      expect(one.refreshToken).toMatch(/^[\w-]{70}$/);
      expect(one.refreshToken).not.toBe(two.refreshToken);
      expect(one.session).toMatchObject({ userAgent: 'Firefox/128', ipAddress: '127.0.0.1', current: false });
      expect(one.refreshTokenExpiresAt).toBe(one.session.idleExpiresAt);
      expect(await sessions.holder(one.accessToken)).toBe(id);
    });

    it('ASVS 10.4.5: a refresh rotates the token; the old access token works until it expires, and ended sessions refuse it at once', async () => {
      const { email, id } = await account();
      const signedIn = await sessions.signIn(email);
      const refreshed = await sessions.refresh(signedIn.refreshToken);
      expect(refreshed).toMatchObject({ __typename: 'SignInPayload', session: { id: signedIn.session.id }, user: { id } });
      expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
      expect(await sessions.holder(signedIn.accessToken)).toBe(id);
      expect(await sessions.holder(refreshed.accessToken)).toBe(id);
      expect((await sessions.ask('mutation { signOut { __typename } }', {}, sessions.as(refreshed.accessToken))).__typename).toBe(
        'SignOutPayload',
      );
      expect(await sessions.holder(signedIn.accessToken)).toBeNull();
      expect(await sessions.holder(refreshed.accessToken)).toBeNull();
      expect(await sessions.refresh(refreshed.refreshToken)).toEqual(invalidRefreshToken);
    });

    it('answers 20 parallel refreshes of one token with one and the same successor, on two instances of one database', async () => {
      const { email } = await account();
      const signedIn = await sessions.signIn(email);
      const other = await startServer({ DATABASE_URL: suite.database.url, REFRESH_REUSE_GRACE_SECONDS: '10' });
      try {
        const servers = [suite.server, other];
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            servers[i % 2]!.graphql(REFRESH_SESSION, { input: { refreshToken: signedIn.refreshToken } }),
          ),
        );
        const refreshed = answers.map(({ body }) => body.data.refreshSession);
        expect(refreshed.map(({ __typename }) => __typename)).toEqual(Array(20).fill('SignInPayload'));
        expect(new Set(refreshed.map(({ refreshToken }) => refreshToken)).size).toBe(1);
        expect(refreshed[0].refreshToken).not.toBe(signedIn.refreshToken);
        expect((await sessions.refresh(refreshed[0].refreshToken)).__typename).toBe('SignInPayload');
      } finally {
        await other.close();
      }
    });

    it('counts failed refreshes against the address (AUTH_MAX_FAILURES_PER_IP), yet never refuses a valid token for it', async () => {
      const database = await backend.create();
      const limited = await startServer({ DATABASE_URL: database.url, AUTH_MAX_FAILURES_PER_IP: '3' });
      try {
        const limitedSuite = { database, server: limited };
        const { email } = await clientOf(limitedSuite).account();
        const { refreshToken } = await sessionClientOf(limitedSuite).signIn(email);
        const refresh = (token: string) => limited.graphql(REFRESH_SESSION, { input: { refreshToken: token } });
        for (const _ of [1, 2, 3]) expect((await refresh('not a token')).body.data.refreshSession).toEqual(invalidRefreshToken);
        expect((await refresh('not a token')).body.data.refreshSession.__typename).toBe('TooManyAttemptsError');
        expect((await refresh(refreshToken)).body.data.refreshSession.__typename).toBe('SignInPayload');
      } finally {
        await limited.close();
        await database.drop();
      }
    });

    it('answers InvalidRefreshTokenError to malformed, forged and missing tokens', async () => {
      const { email } = await account();
      const { refreshToken } = await sessions.signIn(email);
      const forged = `${refreshToken.slice(0, -2)}${refreshToken.endsWith('AA') ? 'AB' : 'AA'}`;
      for (const token of ['', 'x', forged, `${refreshToken}A`, undefined])
        expect(await sessions.refresh(token)).toEqual(invalidRefreshToken);
      expect((await sessions.ask(REFRESH_SESSION, {})).__typename).toBe('InvalidRefreshTokenError');
      expect((await sessions.refresh('x'.repeat(201))).__typename).toBe('ValidationError');
      expect((await sessions.refresh(refreshToken)).__typename).toBe('SignInPayload');
    });
  });
}
