import { describe, expect, it } from 'vitest';
import { clientOf, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { serverForSuite } from '../support/server.ts';
import { cookieClientOf, tokenIn } from '../support/session-cookies.ts';
import { REFRESH_SESSION, SIGN_IN_SESSION } from '../support/session-operations.ts';

/**
 * Cookie mode against what strangers send: a signed-out visitor's page refreshing on each load,
 * and a cookie a sibling subdomain could plant under a look-alike name. Both were found by probing
 * the running server as an attacker would.
 */
for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`cookie mode and strangers on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create, { SESSION_COOKIE: 'true', AUTH_MAX_FAILURES_PER_IP: '3' });
    const { account } = clientOf(suite);
    const { ask, ownPage } = cookieClientOf(suite);

    it('reads only the cookie named exactly __Host-refresh-token, not one whose name a browser saw with a leading U+00A0', async () => {
      const { email } = await account();
      const { setCookie } = await ask(SIGN_IN_SESSION, { input: { email, password } });
      const cookie = tokenIn(setCookie);
      // A name starting with 0xA0 carries none of the __Host- guarantees in a browser (a sibling
      // subdomain may set it); String.prototype.trim() turns it into the __Host- name here.
      const answer = await ask(REFRESH_SESSION, {}, { ...ownPage(), cookie: `\u00a0__Host-refresh-token=${cookie}` });
      expect(answer.result.__typename).toBe('InvalidRefreshTokenError');
      expect(answer.setCookie).toEqual([]);
    });

    it('a signed-out page refreshing on load (no cookie, no token: nothing guessed) does not lock sign-in for its address', async () => {
      const { email } = await account();
      // docs/sessions.md: "A reload forgets it; the page then calls refreshSession" — a visitor
      // who is not signed in has no cookie, so each page load answers InvalidRefreshTokenError.
      for (const _ of [1, 2, 3, 4]) expect((await ask(REFRESH_SESSION, {}, ownPage())).result.__typename).toBe('InvalidRefreshTokenError');
      const signedIn = await ask(SIGN_IN_SESSION, { input: { email, password } });
      expect(signedIn.result.__typename).toBe('SignInPayload');
    });
  });
}
