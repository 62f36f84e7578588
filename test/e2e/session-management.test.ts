import { describe, expect, it } from 'vitest';
import { clientOf, forbidden, notAuthenticated, notFound, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { DEACTIVATE, DELETE_ME, DELETE_USER, SIGN_OUT_EVERYWHERE, SUSPEND_USER } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';
import {
  CHANGE_PASSWORD_IN_SESSION,
  invalidRefreshToken,
  MY_SESSIONS,
  REVOKE_OTHER_SESSIONS,
  REVOKE_SESSION,
  REVOKE_USER_SESSIONS,
  SIGN_OUT,
  type SignedInSession,
  sessionClientOf,
  sessionNotFound,
  USER_SESSIONS,
} from '../support/session-operations.ts';

const ENDED = `query ($userId: ID) { auditEvents(first: 20, filter: { userId: $userId, types: [SessionEnded] }) {
  ... on AuditEventConnection { edges { node { actor { kind } ... on SessionEndedEvent { sessionId endReason } } } }
} }`;

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`managing sessions on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create, { MAX_SESSIONS_PER_USER: '3' });
    const { account, admin } = clientOf(suite);
    const sessions = sessionClientOf(suite);
    const { ask, as } = sessions;
    /** A user signed in twice: two sessions of their own. */
    const twice = async () => {
      const user = await account();
      return { user, one: await sessions.signIn(user.email, 'One'), two: await sessions.signIn(user.email, 'Two') };
    };
    /** Every token of these sessions is refused: access at once, refresh as invalid. */
    const expectEnded = async (...ended: SignedInSession[]) => {
      for (const { accessToken, refreshToken } of ended) {
        expect(await sessions.holder(accessToken)).toBeNull();
        expect(await sessions.refresh(refreshToken)).toEqual(invalidRefreshToken);
      }
    };
    const endReasons = async (userId: string) => {
      const { edges } = await ask(ENDED, { userId }, as((await admin()).token));
      return edges.map(({ node }: { node: { endReason: string; actor: { kind: string } } }) => [node.endReason, node.actor.kind]);
    };

    it('ASVS 7.5.2: lists your live sessions, most recently used first, marking the current one', async () => {
      const { user, one, two } = await twice();
      const listed = await ask(MY_SESSIONS, {}, as(two.accessToken));
      expect(listed.sessions.sessions.map(({ id, userAgent, current }: Record<string, unknown>) => [id, userAgent, current])).toEqual([
        [two.session.id, 'Two', true],
        [one.session.id, 'One', false],
        [expect.any(String), 'node', false],
      ]);
      expect(listed.sessions.sessions[0]).toEqual({ ...two.session, current: true });
      // A refresh is a use: the first session moves ahead.
      await sessions.refresh(one.refreshToken);
      expect(await sessions.liveSessionIds(user.token)).toEqual([one.session.id, two.session.id, expect.any(String)]);
      // Without a bearer token the payload's user shows no sessions.
      const bare = await ask(
        `mutation ($input: UserCredentialsInput!) { signIn(input: $input) {
        ... on SignInPayload { user { sessions { __typename } } } } }`,
        { input: { email: user.email, password } },
      );
      expect(bare.user.sessions).toEqual({ __typename: 'ForbiddenError' });
    });

    it('ASVS 7.5.2: ends one of your sessions by id, or all others, keeping the current one', async () => {
      const { user, one, two } = await twice();
      expect(await ask(REVOKE_SESSION, { id: one.session.id }, as(two.accessToken))).toEqual({
        __typename: 'RevokedSession',
        id: one.session.id,
      });
      await expectEnded(one);
      expect(await ask(REVOKE_SESSION, { id: one.session.id }, as(two.accessToken))).toEqual(sessionNotFound);
      expect((await ask(REVOKE_OTHER_SESSIONS, {}, as(two.accessToken))).__typename).toBe('SignOutPayload');
      expect(await sessions.liveSessionIds(two.accessToken)).toEqual([two.session.id]);
      expect(await sessions.holder(user.token)).toBeNull();
      expect(await endReasons(user.id)).toEqual([
        ['REVOKED', 'SELF'],
        ['REVOKED', 'SELF'],
      ]);
    });

    it("answers SessionNotFoundError for someone else's session, as for an unknown or malformed id", async () => {
      const [{ one }, stranger] = [await twice(), await account()];
      for (const id of [one.session.id, crypto.randomUUID(), 'not-an-id']) {
        expect(await ask(REVOKE_SESSION, { id }, as(stranger.token))).toEqual(sessionNotFound);
      }
      expect(await ask(REVOKE_SESSION, { id: one.session.id })).toEqual(notAuthenticated);
      expect(await sessions.holder(one.accessToken)).not.toBeNull();
    });

    it("ASVS 7.4.5: an admin lists and ends any user's sessions, one or all", async () => {
      const [{ user, one, two }, boss] = [await twice(), await admin()];
      const listed = await ask(USER_SESSIONS, { id: user.id }, as(boss.token));
      expect(listed.sessions.sessions.map(({ id }: { id: string }) => id)).toEqual([two.session.id, one.session.id, expect.any(String)]);
      expect(await ask(REVOKE_SESSION, { id: one.session.id }, as(boss.token))).toEqual({
        __typename: 'RevokedSession',
        id: one.session.id,
      });
      expect(await ask(REVOKE_USER_SESSIONS, { id: user.id }, as(boss.token))).toEqual({ __typename: 'RevokedSessions', count: 2 });
      await expectEnded(one, two);
      expect(await endReasons(user.id)).toEqual([
        ['REVOKED', 'ADMIN'],
        ['REVOKED', 'ADMIN'],
        ['REVOKED', 'ADMIN'],
      ]);
      expect(await ask(REVOKE_USER_SESSIONS, { id: crypto.randomUUID() }, as(boss.token))).toEqual(notFound);
      expect(await ask(REVOKE_USER_SESSIONS, { id: user.id }, as((await account()).token))).toEqual(forbidden);
      expect(await ask(REVOKE_USER_SESSIONS, { id: user.id })).toEqual(notAuthenticated);
    });

    it('signOut ends the current session only', async () => {
      const { one, two } = await twice();
      expect((await ask(SIGN_OUT, {}, as(one.accessToken))).__typename).toBe('SignOutPayload');
      await expectEnded(one);
      expect(await ask(SIGN_OUT, {}, as(one.accessToken))).toEqual(notAuthenticated);
      expect(await sessions.holder(two.accessToken)).not.toBeNull();
    });

    it('ASVS 7.4.3, 7.2.4: changePassword keeps the current session with a fresh access token, and ends every other', async () => {
      const { user, one, two } = await twice();
      const newPassword = 'a brand new horse battery';
      const input = { currentPassword: password, newPassword };
      const changed = await ask(CHANGE_PASSWORD_IN_SESSION, { input }, as(two.accessToken));
      expect(changed).toMatchObject({ __typename: 'SignInPayload', refreshToken: null, session: { id: two.session.id, current: true } });
      await expectEnded(one);
      expect(await sessions.holder(user.token)).toBeNull();
      // The token the change was made with is revoked (re-authentication); the fresh one and the refresh token work.
      expect(await sessions.holder(two.accessToken)).toBeNull();
      expect(await sessions.holder(changed.accessToken)).toBe(user.id);
      expect((await sessions.refresh(two.refreshToken)).__typename).toBe('SignInPayload');
      expect(await endReasons(user.id)).toEqual([
        ['PASSWORD_CHANGED', 'SELF'],
        ['PASSWORD_CHANGED', 'SELF'],
      ]);
    });

    it('ASVS 7.4.2: signing out everywhere, a deactivation, a suspension and a deletion each end every session', async () => {
      const boss = await admin();
      const cases: [string, (user: { id: string; email: string }, token: string) => Promise<unknown>][] = [
        ['SIGNED_OUT_EVERYWHERE', (_, token) => ask(SIGN_OUT_EVERYWHERE, {}, as(token))],
        ['DEACTIVATED', ({ email }) => ask(DEACTIVATE, { input: { email, password } })],
        ['SUSPENDED', ({ id }) => ask(SUSPEND_USER, { id, input: { reason: 'Spam' } }, as(boss.token))],
        ['DELETED', ({ id }) => ask(DELETE_USER, { id }, as(boss.token))],
        ['DELETED', (_, token) => ask(DELETE_ME, { input: { password } }, as(token))],
      ];
      for (const [reason, end] of cases) {
        const { user, one, two } = await twice();
        await end(user, two.accessToken);
        await expectEnded(one, two);
        expect((await endReasons(user.id)).map(([why]: string[]) => why)).toEqual([reason, reason, reason]);
      }
    });

    it('MAX_SESSIONS_PER_USER: a sign-in beyond it ends the least recently used session', async () => {
      const { user, one, two } = await twice();
      const three = await sessions.signIn(user.email, 'Three');
      await expectEnded({ accessToken: user.token, refreshToken: 'none' } as SignedInSession);
      expect(await sessions.liveSessionIds(three.accessToken)).toEqual([three.session.id, two.session.id, one.session.id]);
      expect(await endReasons(user.id)).toEqual([['REVOKED', 'SELF']]);
    });
  });
}
