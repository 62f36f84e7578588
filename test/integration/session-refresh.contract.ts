import { describe, expect, it } from 'vitest';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../src/domain/session-errors.ts';
import type { User } from '../../src/domain/user.ts';
import { HmacRefreshTokenCodec } from '../../src/infrastructure/tokens/hmac-refresh-token-codec.ts';
import {
  day,
  expectCounter,
  later,
  refresh,
  refreshTokens,
  type SessionsUnderTest,
  sessionEvents,
  sessionSuite,
  signedIn,
  snapshot,
  start,
  testSessionSettings,
} from '../support/sessions.ts';

/** Refreshing sessions: rotation, concurrent refreshes, reuse, expiry. One suite.adapter's storage, each test a user of its own. */
export function sessionRefreshContract(name: string, open: () => Promise<SessionsUnderTest>) {
  describe(`session refresh contract: ${name}`, () => {
    const suite = sessionSuite(open, 'refresh');
    let user: User;
    const newUser = async () => (user = await suite.newUser());

    it('starts a session as given, the user agent cleaned, and records SessionStarted with the address', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      expect({ ...(await suite.adapter.sessionStore.findById(session.id)) }).toEqual({
        id: session.id,
        userId: user.id,
        createdAt: start,
        lastUsedAt: start,
        expiresAt: later(start, 30 * day),
        idleExpiresAt: later(start, 14 * day),
        userAgent: 'Firefox/128',
        ipAddress: '192.0.2.7',
        refreshCounter: 0,
        rotatedAt: null,
        endedAt: null,
        endReason: null,
      });
      expect(refreshTokens.decode(refreshToken)).toEqual({ sessionId: session.id, counter: 0 });
      expect((await sessionEvents(suite.adapter)).at(-1)).toEqual({
        type: 'SessionStarted',
        actor: { kind: 'SELF', id: user.id },
        payload: { sessionId: session.id, userAgent: 'Firefox/128', ipAddress: '192.0.2.7' },
        clientAddress: '192.0.2.7',
      });
    });

    it('answers 20 concurrent refreshes of one token with one and the same successor: the counter moves once, nothing is recorded', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const events = await sessionEvents(suite.adapter);
      const now = later(start, 60);
      const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(suite.adapter, refreshToken, now)));
      expect(new Set(answers.map((answer) => answer.refreshToken)).size).toBe(1);
      expect(refreshTokens.decode(answers[0]!.refreshToken)).toEqual({ sessionId: session.id, counter: 1 });
      await expectCounter(suite.adapter, session.id, 1);
      expect(await suite.adapter.sessionStore.findById(session.id)).toMatchObject({
        rotatedAt: now,
        lastUsedAt: now,
        idleExpiresAt: later(now, 14 * day),
      });
      expect(await sessionEvents(suite.adapter)).toEqual(events);
    });

    it('answers the replaced token with the same successor within the grace window, writing nothing', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const successor = (await refresh(suite.adapter, refreshToken, later(start, 60))).refreshToken;
      const before = await snapshot(suite.adapter, session.id);
      expect((await refresh(suite.adapter, refreshToken, later(start, 70))).refreshToken).toBe(successor);
      expect(await snapshot(suite.adapter, session.id)).toEqual(before);
      // The successor itself rotates on.
      expect(refreshTokens.decode((await refresh(suite.adapter, successor, later(start, 71))).refreshToken)?.counter).toBe(2);
    });

    it('ends the session on reuse after the grace window: RefreshTokenReused and SessionEnded(REUSE_DETECTED), and the successor dies too', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const successor = (await refresh(suite.adapter, refreshToken, later(start, 60))).refreshToken;
      const reusedAt = later(start, 71);
      await expect(refresh(suite.adapter, refreshToken, reusedAt)).rejects.toThrow(RefreshTokenReusedError);
      expect((await sessionEvents(suite.adapter)).slice(-2)).toEqual([
        {
          type: 'RefreshTokenReused',
          actor: { kind: 'SYSTEM' },
          payload: { sessionId: session.id, ipAddress: '198.51.100.9' },
          clientAddress: '198.51.100.9',
        },
        {
          type: 'SessionEnded',
          actor: { kind: 'SYSTEM' },
          payload: { sessionId: session.id, reason: 'REUSE_DETECTED' },
          clientAddress: null,
        },
      ]);
      expect(await suite.adapter.sessionStore.findById(session.id)).toMatchObject({ endedAt: reusedAt, endReason: 'REUSE_DETECTED' });
      await expect(refresh(suite.adapter, successor, reusedAt)).rejects.toThrow(InvalidRefreshTokenError);
    });

    it('takes a token two rotations old for reuse even within the grace window', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const first = (await refresh(suite.adapter, refreshToken, later(start, 1))).refreshToken;
      await refresh(suite.adapter, first, later(start, 2));
      await expect(refresh(suite.adapter, refreshToken, later(start, 3))).rejects.toThrow(RefreshTokenReusedError);
      expect(await suite.adapter.sessionStore.findById(session.id)).toMatchObject({ endReason: 'REUSE_DETECTED' });
    });

    it('refuses malformed, forged, unknown and foreign-key tokens alike, writing nothing', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const before = await snapshot(suite.adapter, session.id);
      const otherKey = new HmacRefreshTokenCodec('another key, of at least 32 bytes!!');
      for (const token of [
        '',
        'not a token',
        refreshToken.slice(0, -1),
        `${refreshToken}A`,
        refreshTokens.encode({ sessionId: crypto.randomUUID(), counter: 0 }),
        otherKey.encode({ sessionId: session.id, counter: 0 }),
        refreshTokens.encode({ sessionId: session.id, counter: 5 }),
      ]) {
        await expect(refresh(suite.adapter, token, later(start, 1))).rejects.toThrow(InvalidRefreshTokenError);
      }
      expect(await snapshot(suite.adapter, session.id)).toEqual(before);
    });

    it('never moves a last use back: a use read before a rotation and written after it changes nothing', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const used = (await suite.adapter.sessionStore.findById(session.id))!;
      expect(used.touch(testSessionSettings.lifetimes, later(start, 120))).toBe(true);
      await refresh(suite.adapter, refreshToken, later(start, 180));
      await suite.adapter.sessionStore.touch(used);
      expect(await suite.adapter.sessionStore.findById(session.id)).toMatchObject({
        lastUsedAt: later(start, 180),
        idleExpiresAt: later(start, 180 + 14 * day),
      });
    });

    it('ends a session idle for SESSION_IDLE_TIMEOUT_SECONDS, recording nothing', async () => {
      await newUser();
      const { session, refreshToken } = await signedIn(suite.adapter, user, start);
      const events = await sessionEvents(suite.adapter);
      await expect(refresh(suite.adapter, refreshToken, later(start, 14 * day))).rejects.toThrow(InvalidRefreshTokenError);
      const justInTime = await refresh(suite.adapter, refreshToken, later(start, 14 * day - 1));
      expect(justInTime.session.idleExpiresAt).toEqual(later(start, 28 * day - 1));
      expect(await sessionEvents(suite.adapter)).toEqual(events);
      expect(await suite.adapter.sessionStore.findById(session.id)).toMatchObject({ endedAt: null });
    });

    it('ends a session at SESSION_MAX_LIFETIME_SECONDS however often it is refreshed: the idle end never passes it', async () => {
      await newUser();
      let { refreshToken } = await signedIn(suite.adapter, user, start);
      for (const at of [10, 20, 29]) {
        const refreshed = await refresh(suite.adapter, refreshToken, later(start, at * day));
        refreshToken = refreshed.refreshToken;
        expect(refreshed.session.idleExpiresAt).toEqual(at + 14 > 30 ? later(start, 30 * day) : later(start, (at + 14) * day));
        expect(refreshed.session.expiresAt).toEqual(later(start, 30 * day));
      }
      await expect(refresh(suite.adapter, refreshToken, later(start, 30 * day))).rejects.toThrow(InvalidRefreshTokenError);
    });

    it('with no grace window, takes the replaced token for reuse at once', async () => {
      await newUser();
      const noGrace = { ...testSessionSettings, reuseGraceSeconds: 0 };
      const { refreshToken } = await signedIn(suite.adapter, user, start, noGrace);
      await refresh(suite.adapter, refreshToken, later(start, 1), noGrace);
      await expect(refresh(suite.adapter, refreshToken, later(start, 1.001), noGrace)).rejects.toThrow(RefreshTokenReusedError);
    });
  });
}
