import { describe, expect, it } from 'vitest';
import { clientOf } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { serverForSuite } from '../support/server.ts';
import { invalidRefreshToken, refreshTokenReused, sessionClientOf } from '../support/session-operations.ts';

const AUDIT = `query ($userId: ID, $types: [AuditEventType!]) { auditEvents(first: 10, filter: { userId: $userId, types: $types }) {
  ... on AuditEventConnection { edges { node { __typename userId actor { kind }
    ... on RefreshTokenReusedEvent { sessionId ipAddress } ... on SessionEndedEvent { sessionId endReason } } } }
} }`;
const minute = 60;
const day = 24 * 60 * minute;

/**
 * The lifetimes at their defaults (access token 15 minutes, idle 14 days, absolute 30 days, grace
 * 10 seconds), on a server whose clock the test moves: each expiry is reached exactly, at the
 * second, over HTTP. Every test starts its own sessions at the clock's current time.
 */
for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`sessions' expiries by the clock on ${backend.name}`, () => {
    const clock = new ManualClock();
    const suite = serverForSuite(backend.create, {}, { clock });
    const { account, admin } = clientOf(suite);
    const sessions = sessionClientOf(suite);
    const at = (secondsFromNow: number) => new Date(clock.now().getTime() + secondsFromNow * 1000).toISOString();

    it('an access token works for ACCESS_TOKEN_TTL_SECONDS (900) and not a second longer; a refresh gives a working one', async () => {
      const { email, id } = await account();
      const signedIn = await sessions.signIn(email);
      expect(signedIn.accessTokenExpiresAt).toBe(at(900).replace(/\.\d{3}Z$/, '.000Z'));
      clock.advance(899);
      expect(await sessions.holder(signedIn.accessToken)).toBe(id);
      clock.advance(2);
      expect(await sessions.holder(signedIn.accessToken)).toBeNull();
      const refreshed = await sessions.refresh(signedIn.refreshToken);
      expect(await sessions.holder(refreshed.accessToken)).toBe(id);
    });

    it('ASVS 7.3.1: a session unused for SESSION_IDLE_TIMEOUT_SECONDS (14 days) ends; a request or a refresh is a use, which renews it', async () => {
      const { email } = await account();
      const [unused, usedByRequest, refreshedLate] = [
        await sessions.signIn(email),
        await sessions.signIn(email),
        await sessions.signIn(email),
      ];
      expect(unused.session.idleExpiresAt).toBe(at(14 * day));
      clock.advance(10 * minute);
      expect(await sessions.holder(usedByRequest.accessToken)).not.toBeNull();
      clock.advance(14 * day - 10 * minute - 1);
      expect((await sessions.refresh(refreshedLate.refreshToken)).__typename).toBe('SignInPayload');
      clock.advance(1);
      expect(await sessions.refresh(unused.refreshToken)).toEqual(invalidRefreshToken);
      const renewed = await sessions.refresh(usedByRequest.refreshToken);
      expect(renewed).toMatchObject({ __typename: 'SignInPayload', session: { idleExpiresAt: at(14 * day) } });
      expect(await sessions.liveSessionIds(renewed.accessToken)).toEqual([usedByRequest.session.id, refreshedLate.session.id]);
    });

    it('ASVS 7.3.2, 10.4.8: refreshing never extends a session past SESSION_MAX_LIFETIME_SECONDS (30 days)', async () => {
      const { email } = await account();
      const signedIn = await sessions.signIn(email);
      expect(signedIn.session.expiresAt).toBe(at(30 * day));
      let refreshed = signedIn;
      for (const _ of [7, 14, 21, 28]) {
        clock.advance(7 * day);
        refreshed = await sessions.refresh(refreshed.refreshToken);
        expect(refreshed.session.expiresAt).toBe(signedIn.session.expiresAt);
      }
      // Day 28: the idle end would be day 42; the absolute end caps it, and the refresh token's with it.
      expect(refreshed).toMatchObject({
        refreshTokenExpiresAt: signedIn.session.expiresAt,
        session: { idleExpiresAt: signedIn.session.expiresAt },
      });
      clock.advance(2 * day - 1);
      const lastSecond = await sessions.refresh(refreshed.refreshToken);
      expect(lastSecond.__typename).toBe('SignInPayload');
      clock.advance(1);
      expect(await sessions.refresh(lastSecond.refreshToken)).toEqual(invalidRefreshToken);
    });

    it('ASVS 10.4.5: a replaced token answers its successor for REFRESH_REUSE_GRACE_SECONDS (10); a second later it is reuse, which ends the session', async () => {
      const { email, id } = await account();
      const signedIn = await sessions.signIn(email);
      const refreshed = await sessions.refresh(signedIn.refreshToken);
      clock.advance(10);
      const again = await sessions.refresh(signedIn.refreshToken);
      expect(again).toMatchObject({ refreshToken: refreshed.refreshToken, session: { id: signedIn.session.id } });
      clock.advance(1);
      expect(await sessions.refresh(signedIn.refreshToken)).toEqual(refreshTokenReused);
      // The successor's access token has 889 seconds left by the clock: the ended session refuses it now.
      expect(await sessions.holder(refreshed.accessToken)).toBeNull();
      expect(await sessions.refresh(refreshed.refreshToken)).toEqual(invalidRefreshToken);
      const types = ['RefreshTokenReused', 'SessionEnded'];
      const { edges } = await sessions.ask(AUDIT, { userId: id, types }, sessions.as((await admin()).token));
      expect(edges.map(({ node }: { node: object }) => node)).toEqual([
        {
          __typename: 'SessionEndedEvent',
          userId: id,
          actor: { kind: 'SYSTEM' },
          sessionId: signedIn.session.id,
          endReason: 'REUSE_DETECTED',
        },
        {
          __typename: 'RefreshTokenReusedEvent',
          userId: id,
          actor: { kind: 'SYSTEM' },
          sessionId: signedIn.session.id,
          ipAddress: '127.0.0.1',
        },
      ]);
    });
  });
}
