import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefreshTokenReusedError } from '../../src/domain/session-errors.ts';
import type { User } from '../../src/domain/user.ts';
import {
  day,
  later,
  refresh,
  type SessionsUnderTest,
  signedIn,
  signedInAndOut,
  signOut,
  start,
  storedUser,
  testSessionSettings,
} from '../support/sessions.ts';

/**
 * Pruning a store's sessions: the rows of sessions over (ended, or expired idle or absolute) before
 * a cutoff go, at most a batch a call; live ones, and those over since, stay. Each test on an
 * empty store, as a prune takes every user's rows.
 */
export function sessionPruneContract(name: string, open: () => Promise<SessionsUnderTest>) {
  describe(`session prune contract: ${name}`, () => {
    let adapter: SessionsUnderTest;
    let user: User;
    beforeEach(async () => {
      adapter = await open();
      user = await storedUser(adapter, 'prune@example.com');
    });
    afterEach(() => adapter.teardown());
    const prune = (cutoff: Date, limit = 100) => adapter.sessionStore.prune(cutoff, limit);
    /** Which of the named sessions still have a row. */
    const left = async (ids: Record<string, string>) => {
      const present = await Promise.all(Object.values(ids).map(async (id) => (await adapter.sessionStore.findById(id)) !== null));
      return Object.keys(ids).filter((_, i) => present[i]);
    };

    it('deletes the sessions ended or expired before the cutoff, idle and then absolute; keeps the live ones', async () => {
      const signedOut = await signedIn(adapter, user, start);
      await signOut(adapter, user, signedOut.session.id, later(start, 60));
      const reused = await signedIn(adapter, user, start);
      await refresh(adapter, reused.refreshToken, later(start, 1));
      await expect(refresh(adapter, reused.refreshToken, later(start, 60))).rejects.toThrow(RefreshTokenReusedError);
      // A sign-in beyond the user's maximum ends the least recently used (REVOKED).
      const other = await storedUser(adapter, 'prune-other@example.com');
      const one = { ...testSessionSettings, maxSessionsPerUser: 1 };
      const revoked = await signedIn(adapter, other, start, one);
      const pushing = await signedIn(adapter, other, later(start, 60), one);
      const idle = await signedIn(adapter, user, start);
      // Used on day 10 and day 20: its idle end is then held at its absolute end, day 30.
      const absolute = await signedIn(adapter, user, start);
      const successor = await refresh(adapter, absolute.refreshToken, later(start, 10 * day));
      await refresh(adapter, successor.refreshToken, later(start, 20 * day));
      expect(await adapter.sessionStore.findById(absolute.session.id)).toMatchObject({
        expiresAt: later(start, 30 * day),
        idleExpiresAt: later(start, 30 * day),
      });
      const live = await signedIn(adapter, user, later(start, 25 * day));
      const ids = {
        signedOut: signedOut.session.id,
        reused: reused.session.id,
        revoked: revoked.session.id,
        pushing: pushing.session.id,
        idle: idle.session.id,
        absolute: absolute.session.id,
        live: live.session.id,
      };

      // Over exactly at the cutoff is not over before it.
      expect(await prune(later(start, 60))).toBe(0);
      expect(await prune(later(start, 61))).toBe(3);
      expect(await left(ids)).toEqual(['pushing', 'idle', 'absolute', 'live']);
      expect(await prune(later(start, 14 * day))).toBe(0);
      expect(await prune(later(start, 14 * day + 1))).toBe(1);
      expect(await left(ids)).toEqual(['pushing', 'absolute', 'live']);
      // The session that pushed `revoked` out, unused since.
      expect(await prune(later(start, 14 * day + 61))).toBe(1);
      expect(await prune(later(start, 30 * day))).toBe(0);
      expect(await prune(later(start, 30 * day + 1))).toBe(1);
      expect(await left(ids)).toEqual(['live']);
      expect(await adapter.sessionStore.liveOf(user.id, later(start, 30 * day + 1))).toHaveLength(1);
    });

    it('deletes at most `limit` rows a call', async () => {
      const ended = await signedInAndOut(adapter, user, 5, start);
      const live = await signedIn(adapter, user, start);
      const cutoff = later(start, 3600);
      expect([await prune(cutoff, 2), await prune(cutoff, 2), await prune(cutoff, 2), await prune(cutoff, 2)]).toEqual([2, 2, 1, 0]);
      expect(await left(Object.fromEntries(ended.map((id, i) => [i, id])))).toEqual([]);
      expect(await left({ live: live.session.id })).toEqual(['live']);
    });
  });
}
