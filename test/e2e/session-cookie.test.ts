import { describe, expect, it } from 'vitest';
import { bearer, clientOf, notAuthenticated, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { DELETE_ME, SIGN_OUT_EVERYWHERE } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';
import {
  clearedCookie,
  cookieClientOf,
  cookieRefused,
  csrfHeader,
  refreshCookie,
  tokenIn,
  withCookie,
} from '../support/session-cookies.ts';
import {
  CHANGE_PASSWORD_IN_SESSION,
  invalidRefreshToken,
  REFRESH_SESSION,
  refreshTokenReused,
  SIGN_IN_SESSION,
  SIGN_OUT,
  sessionClientOf,
} from '../support/session-operations.ts';

/** A page of another origin that CORS_ORIGINS lets in. */
const appOrigin = 'https://app.example.com';

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`cookie mode (SESSION_COOKIE=true) on ${backend.name}`, () => {
    const clock = new ManualClock();
    const suite = serverForSuite(
      backend.create,
      { SESSION_COOKIE: 'true', CORS_ORIGINS: appOrigin, SESSION_IDLE_TIMEOUT_SECONDS: '3600' },
      { clock },
    );
    const { account } = clientOf(suite);
    const sessions = sessionClientOf(suite);
    const { ask, ownPage } = cookieClientOf(suite);

    async function signIn() {
      const { email, id } = await account();
      const answer = await ask(SIGN_IN_SESSION, { input: { email, password } });
      expect(answer.result.__typename).toBe('SignInPayload');
      return { id, email, ...answer, cookie: tokenIn(answer.setCookie), accessToken: answer.result.accessToken as string };
    }

    it('signIn sets the refresh token as a __Host- cookie (HttpOnly, Secure, SameSite=Strict, until refreshTokenExpiresAt) instead of answering it', async () => {
      const { result, setCookie, cookie, id } = await signIn();
      expect(result.refreshToken).toBeNull();
      expect(result.refreshTokenExpiresAt).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
      expect(setCookie).toEqual([refreshCookie(cookie, result.refreshTokenExpiresAt, 3600)]);
      expect(await sessions.holder(result.accessToken)).toBe(id);
    });

    it('refreshSession takes the refresh token from the cookie and rotates it there; a token in its input is answered in the cookie too', async () => {
      const { id, cookie, result: signedIn } = await signIn();
      const refreshed = await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(cookie) });
      expect(refreshed.result).toMatchObject({ __typename: 'SignInPayload', refreshToken: null, session: { id: signedIn.session.id } });
      const rotated = tokenIn(refreshed.setCookie);
      expect(rotated).not.toBe(cookie);
      expect(refreshed.setCookie).toEqual([refreshCookie(rotated, refreshed.result.refreshTokenExpiresAt, 3600)]);
      expect(await sessions.holder(refreshed.result.accessToken)).toBe(id);
      const again = await ask(REFRESH_SESSION, { input: { refreshToken: rotated } });
      expect(again.result).toMatchObject({ __typename: 'SignInPayload', refreshToken: null });
      expect(tokenIn(again.setCookie)).not.toBe(rotated);
    });

    it('signOut ends the session and clears the cookie; the old cookie is then refused, and cleared again', async () => {
      const { cookie, accessToken } = await signIn();
      const signedOut = await ask(SIGN_OUT, {}, bearer(accessToken));
      expect(signedOut.result.__typename).toBe('SignOutPayload');
      expect(signedOut.setCookie).toEqual([clearedCookie]);
      expect(await sessions.holder(accessToken)).toBeNull();
      const refused = await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(cookie) });
      expect(refused).toMatchObject({ result: invalidRefreshToken, setCookie: [clearedCookie] });
    });

    it('signOut with the cookie alone (a reloaded page has lost its access token) ends the session the cookie holds', async () => {
      const { cookie, accessToken } = await signIn();
      const signedOut = await ask(SIGN_OUT, {}, { ...ownPage(), ...withCookie(cookie) });
      expect(signedOut.result.__typename).toBe('SignOutPayload');
      expect(signedOut.setCookie).toEqual([clearedCookie]);
      expect(await sessions.holder(accessToken)).toBeNull();
      expect(await ask(SIGN_OUT, {}, { ...ownPage(), ...withCookie(cookie) })).toMatchObject({
        result: notAuthenticated,
        setCookie: [clearedCookie],
      });
      expect(await ask(SIGN_OUT, {}, ownPage())).toMatchObject({ result: notAuthenticated, setCookie: [clearedCookie] });
    });

    it('takes the cookie only with the CSRF header and an Origin of its own: else CookieRefusedError, and the cookie is not used', async () => {
      const { cookie, accessToken, id } = await signIn();
      const refusedHeaders = [
        { origin: suite.server.origin },
        { ...csrfHeader, origin: 'https://evil.example' },
        { ...csrfHeader, origin: suite.server.origin.replace('127.0.0.1', 'localhost') },
        { ...csrfHeader, origin: 'null' },
        csrfHeader,
      ];
      for (const headers of refusedHeaders) {
        for (const operation of [REFRESH_SESSION, SIGN_OUT]) {
          expect(await ask(operation, {}, { ...headers, ...withCookie(cookie) })).toMatchObject({
            result: cookieRefused,
            setCookie: [],
          });
        }
      }
      // Neither rotated nor ended: the cookie's token is still the current one.
      expect(await sessions.holder(accessToken)).toBe(id);
      const refreshed = await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(cookie) });
      expect(refreshed.result.__typename).toBe('SignInPayload');
      expect(tokenIn(refreshed.setCookie)).not.toBe(cookie);
    });

    it('takes the cookie from an Origin listed in CORS_ORIGINS, and lets that page read the answer with credentials', async () => {
      const { cookie } = await signIn();
      const refreshed = await ask(REFRESH_SESSION, {}, { ...csrfHeader, origin: appOrigin, ...withCookie(cookie) });
      expect(refreshed.result.__typename).toBe('SignInPayload');
      expect(refreshed.headers.get('access-control-allow-origin')).toBe(appOrigin);
      expect(refreshed.headers.get('access-control-allow-credentials')).toBe('true');
      expect(tokenIn(refreshed.setCookie)).not.toBe(cookie);
    });

    it('clears the cookie when its token was reused, on signOutEverywhere and deleteMe; changePassword answers as before and leaves it', async () => {
      const reused = await signIn();
      const rotated = tokenIn((await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(reused.cookie) })).setCookie);
      // Within REFRESH_REUSE_GRACE_SECONDS (10) the old cookie answers the same successor; later it is reuse.
      const again = await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(reused.cookie) });
      expect(tokenIn(again.setCookie)).toBe(rotated);
      clock.advance(11);
      expect(await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(reused.cookie) })).toMatchObject({
        result: refreshTokenReused,
        setCookie: [clearedCookie],
      });

      const everywhere = await signIn();
      const changed = await ask(
        CHANGE_PASSWORD_IN_SESSION,
        { input: { currentPassword: password, newPassword: 'another correct horse' } },
        bearer(everywhere.accessToken),
      );
      expect(changed).toMatchObject({ result: { __typename: 'SignInPayload', refreshToken: null }, setCookie: [] });
      const signedOut = await ask(SIGN_OUT_EVERYWHERE, {}, bearer(changed.result.accessToken));
      expect(signedOut).toMatchObject({ result: { __typename: 'SignOutPayload' }, setCookie: [clearedCookie] });

      const deleted = await signIn();
      expect(await ask(DELETE_ME, { input: { password } }, bearer(deleted.accessToken))).toMatchObject({
        result: { __typename: 'DeletedUser' },
        setCookie: [clearedCookie],
      });
    });

    it('writes no refresh token of a cookie to a log line, at trace level', async () => {
      const { cookie } = await signIn();
      const rotated = tokenIn((await ask(REFRESH_SESSION, {}, { ...ownPage(), ...withCookie(cookie) })).setCookie);
      await ask(SIGN_OUT, {}, { ...ownPage(), ...withCookie(rotated) });
      const logged = suite.server.logs.join('\n');
      for (const token of [cookie, rotated]) expect(logged).not.toContain(token.slice(-43));
      expect(logged).toContain('"msg":"request"');
    });
  });

  describe.skipIf(!backend.available)(`bearer mode (the default) on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const { account } = clientOf(suite);
    const { ask } = cookieClientOf(suite);

    it('answers the refresh token, sets no cookie, and ignores one that comes', async () => {
      const { email } = await account();
      const signedIn = await ask(SIGN_IN_SESSION, { input: { email, password } });
      expect(signedIn.result.refreshToken).toMatch(/^[\w-]{70}$/);
      expect(signedIn.setCookie).toEqual([]);
      const cookieOnly = { ...csrfHeader, origin: suite.server.origin, ...withCookie(signedIn.result.refreshToken) };
      expect(await ask(REFRESH_SESSION, {}, cookieOnly)).toMatchObject({ result: invalidRefreshToken, setCookie: [] });
      expect(await ask(SIGN_OUT, {}, cookieOnly)).toMatchObject({ result: notAuthenticated, setCookie: [] });
      const refreshed = await ask(REFRESH_SESSION, { input: { refreshToken: signedIn.result.refreshToken } });
      expect(refreshed.result.refreshToken).toMatch(/^[\w-]{70}$/);
      expect(refreshed.setCookie).toEqual([]);
      expect(await ask(SIGN_OUT, {}, bearer(refreshed.result.accessToken))).toMatchObject({
        result: { __typename: 'SignOutPayload' },
        setCookie: [],
      });
    });
  });
}
