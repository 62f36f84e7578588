import { describe, expect, it } from 'vitest';
import { clientOf, expectTooManyAttempts } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { serverForSuite } from '../support/server.ts';
import { invalidRefreshToken, REFRESH_SESSION, sessionClientOf } from '../support/session-operations.ts';

/** A small budget, and a grace window no slow machine outlasts within a test. */
const budget = 6;
const settings = { ACCOUNT_WRITES_PER_MINUTE: String(budget), REFRESH_REUSE_GRACE_SECONDS: '60' };

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`refreshes against the account's write budget on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create, settings);
    const { account } = clientOf(suite);
    const sessions = sessionClientOf(suite);

    async function rotate(refreshToken: string): Promise<string> {
      const answer = await sessions.refresh(refreshToken);
      expect(answer.__typename).toBe('SignInPayload');
      return answer.refreshToken;
    }

    it('refuses the rotation past ACCOUNT_WRITES_PER_MINUTE, rotating nothing; grace answers and failures spend nothing; the token still works', async () => {
      const firstRotation = Date.now();
      const { email } = await account();
      const tokens = [(await sessions.signIn(email)).refreshToken];
      tokens.push(await rotate(tokens[0]!));
      // The replaced token answers its successor (the grace window), and bad tokens fail: neither writes.
      for (const _ of [1, 2, 3]) expect((await sessions.refresh(tokens[0])).refreshToken).toBe(tokens[1]);
      for (const _ of [1, 2, 3]) expect(await sessions.refresh('not a token')).toEqual(invalidRefreshToken);
      while (tokens.length < budget + 1) tokens.push(await rotate(tokens.at(-1)!));
      const current = tokens.at(-1)!;
      const refused = await sessions.refresh(current);
      expectTooManyAttempts(refused, 60);
      // The window is the account's rotations', from its first.
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(60 - Math.ceil((Date.now() - firstRotation) / 1000));
      // Nothing rotated: the token before still answers the current one (two rotations back it would be reuse).
      expect((await sessions.refresh(tokens.at(-2))).refreshToken).toBe(current);
      expectTooManyAttempts(await sessions.refresh(current), 60);
    });

    it('lets 20 parallel refreshes of one token through with one rotation left: one rotation, 19 grace answers', async () => {
      const { email } = await account();
      const tokens = [(await sessions.signIn(email)).refreshToken];
      while (tokens.length < budget) tokens.push(await rotate(tokens.at(-1)!));
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => suite.server.graphql(REFRESH_SESSION, { input: { refreshToken: tokens.at(-1) } })),
      );
      const refreshed = answers.map(({ body }) => body.data.refreshSession);
      expect(refreshed.map(({ __typename }) => __typename)).toEqual(Array(20).fill('SignInPayload'));
      expect(new Set(refreshed.map(({ refreshToken }) => refreshToken)).size).toBe(1);
      expect(refreshed[0].refreshToken).not.toBe(tokens.at(-1));
      expectTooManyAttempts(await sessions.refresh(refreshed[0].refreshToken), 60);
    });
  });
}
