import { beforeEach, describe, expect, it } from 'vitest';
import { signOutWithRefreshToken } from '../../../../src/application/sessions/sign-out-with-refresh-token.ts';
import { InvalidRefreshTokenError } from '../../../../src/domain/session-errors.ts';
import type { User } from '../../../../src/domain/user.ts';
import {
  inMemorySessions,
  later,
  refresh,
  refreshTokens,
  type SessionsUnderTest,
  sessionEvents,
  signedIn,
  snapshot,
  storedUser,
  testSessionSettings,
} from '../../../support/sessions.ts';

const now = new Date('2026-12-01T10:00:00.000Z');
let adapter: SessionsUnderTest;
let ada: User;

beforeEach(async () => {
  adapter = await inMemorySessions();
  ada = await storedUser(adapter, 'ada@example.com');
});

const signOut = (refreshToken: string, at: Date) =>
  signOutWithRefreshToken(
    { refreshToken, ipAddress: '192.0.2.9', now: at },
    { unitOfWork: adapter.newUnitOfWork(), refreshTokens, sessionSettings: testSessionSettings },
  );

describe('signOutWithRefreshToken', () => {
  it('ends the session of its current refresh token, as signed out by its user', async () => {
    const { session, refreshToken } = await signedIn(adapter, ada, now);
    await signOut(refreshToken, later(now, 5));
    expect(await adapter.sessionStore.liveOf(ada.id, later(now, 6))).toEqual([]);
    expect((await sessionEvents(adapter)).at(-1)).toMatchObject({
      type: 'SessionEnded',
      actor: { kind: 'SELF', id: ada.id },
      payload: { sessionId: session.id, reason: 'SIGNED_OUT' },
    });
  });

  it('ends it with the token just replaced, within the grace window, as a refresh would take it', async () => {
    const { refreshToken } = await signedIn(adapter, ada, now);
    await refresh(adapter, refreshToken, later(now, 1));
    await signOut(refreshToken, later(now, 1 + testSessionSettings.reuseGraceSeconds));
    expect(await adapter.sessionStore.liveOf(ada.id, later(now, 20))).toEqual([]);
  });

  it('ends the session as REUSE_DETECTED with a replaced token past the grace window, as a refresh would judge it', async () => {
    const { session, refreshToken } = await signedIn(adapter, ada, now);
    const rotated = await refresh(adapter, refreshToken, later(now, 1));
    await signOut(refreshToken, later(now, 2 + testSessionSettings.reuseGraceSeconds));
    expect(await adapter.sessionStore.liveOf(ada.id, later(now, 20))).toEqual([]);
    expect((await sessionEvents(adapter)).slice(-2)).toMatchObject([
      { type: 'RefreshTokenReused', actor: { kind: 'SYSTEM' }, payload: { sessionId: session.id, ipAddress: '192.0.2.9' } },
      { type: 'SessionEnded', actor: { kind: 'SYSTEM' }, payload: { sessionId: session.id, reason: 'REUSE_DETECTED' } },
    ]);
    await expect(refresh(adapter, rotated.refreshToken, later(now, 21))).rejects.toThrow(InvalidRefreshTokenError);
  });

  it('refuses, writing nothing, a forged or malformed token, and one of an ended or expired session', async () => {
    const { session, refreshToken } = await signedIn(adapter, ada, now);
    const rotated = await refresh(adapter, refreshToken, later(now, 1));
    const before = await snapshot(adapter, session.id);
    const refused = [
      [refreshTokens.encode({ sessionId: session.id, counter: 7 }), later(now, 2)],
      [`${rotated.refreshToken.slice(0, -2)}AA`, later(now, 2)],
      ['', later(now, 2)],
      [rotated.refreshToken, later(now, testSessionSettings.lifetimes.idleTimeoutSeconds + 2)],
    ] as const;
    for (const [token, at] of refused) await expect(signOut(token, at)).rejects.toThrow(InvalidRefreshTokenError);
    expect(await snapshot(adapter, session.id)).toEqual(before);

    await signOut(rotated.refreshToken, later(now, 2));
    await expect(signOut(rotated.refreshToken, later(now, 3))).rejects.toThrow(InvalidRefreshTokenError);
  });
});
