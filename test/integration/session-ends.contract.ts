import { describe, expect, it } from 'vitest';
import { liveSession } from '../../src/application/sessions/live-session.ts';
import { startSession } from '../../src/application/sessions/start-session.ts';
import { InvalidRefreshTokenError } from '../../src/domain/session-errors.ts';
import type { User } from '../../src/domain/user.ts';
import { adminActor, selfActor } from '../../src/domain/user-events.ts';
import {
  later,
  refresh,
  type SessionsUnderTest,
  sessionDeps,
  sessionEvents,
  sessionSuite,
  signedIn,
  start,
  testSessionSettings,
} from '../support/sessions.ts';

/** How sessions end and are counted: the user's own events, the per-user maximum, and the per-request check. */
export function sessionEndsContract(name: string, open: () => Promise<SessionsUnderTest>) {
  describe(`session ends contract: ${name}`, () => {
    const suite = sessionSuite(open, 'ends');
    let user: User;
    const newUser = async () => (user = await suite.newUser());
    const endedWith = async (sessionId: string) => {
      const session = await suite.adapter.sessionStore.findById(sessionId);
      return session ? session.endReason : 'gone';
    };

    /** Changes the user in a unit of work of its own, keeping `kept` (the request's session), and commits. */
    async function changeUser(change: (user: User) => void, kept?: string, remove = false) {
      const unitOfWork = suite.adapter.newUnitOfWork();
      const loaded = (await unitOfWork.users.findById(user.id))!;
      change(loaded);
      if (kept) unitOfWork.sessions.keep(kept);
      if (remove) unitOfWork.users.remove(loaded, selfActor(user.id));
      await unitOfWork.commit();
    }

    it('ends every other session on a password change (PASSWORD_CHANGED, by the user) and keeps the current one', async () => {
      await newUser();
      const [current, other, another] = [
        await signedIn(suite.adapter, user, start),
        await signedIn(suite.adapter, user, start),
        await signedIn(suite.adapter, user, start),
      ];
      await changeUser((loaded) => loaded.changePasswordHash('another hash', selfActor(user.id)), current.session.id);
      const reasons = [await endedWith(current.session.id), await endedWith(other.session.id), await endedWith(another.session.id)];
      expect(reasons).toEqual([null, 'PASSWORD_CHANGED', 'PASSWORD_CHANGED']);
      expect(
        (await sessionEvents(suite.adapter))
          .slice(-2)
          .map((event) => [event.type, event.actor, (event.payload as { reason: string }).reason]),
      ).toEqual([
        ['SessionEnded', { kind: 'SELF', id: user.id }, 'PASSWORD_CHANGED'],
        ['SessionEnded', { kind: 'SELF', id: user.id }, 'PASSWORD_CHANGED'],
      ]);
      await expect(refresh(suite.adapter, other.refreshToken, later(start, 1))).rejects.toThrow(InvalidRefreshTokenError);
      expect((await refresh(suite.adapter, current.refreshToken, later(start, 1))).session.id).toBe(current.session.id);
    });

    it('ends all of them on signing out everywhere, a deactivation and a suspension, each with its reason and actor', async () => {
      const cases: [string, (user: User) => void, 'SELF' | 'ADMIN'][] = [
        ['SIGNED_OUT_EVERYWHERE', (loaded) => loaded.revokeTokens(selfActor(loaded.id)), 'SELF'],
        ['DEACTIVATED', (loaded) => loaded.deactivate(adminActor(loaded.id)), 'ADMIN'],
        ['SUSPENDED', (loaded) => loaded.suspend('spam', null, adminActor(loaded.id)), 'ADMIN'],
      ];
      for (const [reason, change, kind] of cases) {
        await newUser();
        const sessions = [await signedIn(suite.adapter, user, start), await signedIn(suite.adapter, user, start)];
        await changeUser(change, sessions[0]!.session.id);
        for (const { session } of sessions) expect(await endedWith(session.id)).toBe(reason);
        expect((await sessionEvents(suite.adapter)).at(-1)).toMatchObject({
          type: 'SessionEnded',
          actor: { kind, id: user.id },
          payload: { reason },
        });
      }
    });

    it('ends and deletes the sessions of a deleted user: SessionEnded(DELETED) outlives them', async () => {
      await newUser();
      const { session } = await signedIn(suite.adapter, user, start);
      await changeUser(() => {}, undefined, true);
      expect(await suite.adapter.sessionStore.findById(session.id)).toBeNull();
      expect((await sessionEvents(suite.adapter)).at(-1)).toMatchObject({
        type: 'SessionEnded',
        payload: { sessionId: session.id, reason: 'DELETED' },
      });
    });

    it('ends nothing on a change that ends no session (a new name)', async () => {
      await newUser();
      const { session } = await signedIn(suite.adapter, user, start);
      await changeUser((loaded) => loaded.update({ name: 'Augusta' }, selfActor(user.id)));
      expect(await endedWith(session.id)).toBeNull();
    });

    it('ends the least recently used sessions beyond MAX_SESSIONS_PER_USER when a session starts, as REVOKED by the user', async () => {
      await newUser();
      const settings = { ...testSessionSettings, maxSessionsPerUser: 3 };
      const sessions = [];
      for (const minute of [0, 1, 2]) sessions.push((await signedIn(suite.adapter, user, later(start, minute * 60), settings)).session);
      // The first is used again: the second is now the least recently used.
      await liveSession({ sessionId: sessions[0]!.id, userId: user.id, now: later(start, 3 * 60) }, sessionDeps(suite.adapter, settings));
      const deps = sessionDeps(suite.adapter, settings);
      const fourth = await startSession({ userId: user.id, userAgent: null, ipAddress: null, now: later(start, 4 * 60) }, deps);
      await deps.unitOfWork.commit();
      expect(await endedWith(sessions[1]!.id)).toBe('REVOKED');
      const live = await suite.adapter.sessionStore.liveOf(user.id, later(start, 5 * 60));
      expect(live.map((session) => session.id)).toEqual([fourth.session.id, sessions[0]!.id, sessions[2]!.id]);
      expect((await sessionEvents(suite.adapter)).slice(-2).map((event) => [event.type, event.actor])).toEqual([
        ['SessionEnded', { kind: 'SELF', id: user.id }],
        ['SessionStarted', { kind: 'SELF', id: user.id }],
      ]);
    });

    it("checks a request's session by its id and user, and writes its use at most once a minute", async () => {
      await newUser();
      const { session } = await signedIn(suite.adapter, user, start);
      const check = (now: Date, userId = user.id) => liveSession({ sessionId: session.id, userId, now }, sessionDeps(suite.adapter));
      expect((await check(later(start, 59)))?.id).toBe(session.id);
      expect((await suite.adapter.sessionStore.findById(session.id))?.lastUsedAt).toEqual(start);
      await check(later(start, 60));
      expect(await suite.adapter.sessionStore.findById(session.id)).toMatchObject({
        lastUsedAt: later(start, 60),
        idleExpiresAt: later(start, 60 + 14 * 86_400),
      });
      expect(await check(later(start, 61), crypto.randomUUID())).toBeNull();
      expect(await liveSession({ sessionId: 'not-a-uuid', userId: user.id, now: start }, sessionDeps(suite.adapter))).toBeNull();
      expect(await check(later(start, 61 + 14 * 86_400))).toBeNull();
    });
  });
}
