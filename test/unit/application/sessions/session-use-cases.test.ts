import { beforeEach, describe, expect, it } from 'vitest';
import { endSession } from '../../../../src/application/sessions/end-session.ts';
import { listSessions } from '../../../../src/application/sessions/list-sessions.ts';
import { revokeOtherSessions } from '../../../../src/application/sessions/revoke-other-sessions.ts';
import { revokeSession } from '../../../../src/application/sessions/revoke-session.ts';
import { revokeUserSessions } from '../../../../src/application/sessions/revoke-user-sessions.ts';
import type { SessionWriteDeps } from '../../../../src/application/sessions/session-store.ts';
import { ForbiddenError, UserInactiveError, UserNotFoundError, UserSuspendedError } from '../../../../src/domain/errors.ts';
import { SessionNotFoundError } from '../../../../src/domain/session-errors.ts';
import type { User } from '../../../../src/domain/user.ts';
import { adminActor, systemActor } from '../../../../src/domain/user-events.ts';
import { InMemoryAuditTrail } from '../../../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../../../src/infrastructure/in-memory/user-store.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { later, refresh, type SessionsUnderTest, sessionEvents, signedIn, storedUser } from '../../../support/sessions.ts';

const now = new Date('2026-12-01T10:00:00.000Z');
let adapter: SessionsUnderTest;
let writeDeps: () => Promise<SessionWriteDeps>;
let ada: User;
let bob: User;
let admin: User;

beforeEach(async () => {
  const store = new InMemoryUserStore();
  const deps = await inMemoryDeps({ store });
  adapter = {
    newUnitOfWork: () => new InMemoryUnitOfWork(store),
    sessionStore: store.sessions,
    userReader: inMemoryUserDirectory(store),
    auditTrail: new InMemoryAuditTrail(store),
    teardown: async () => {},
  };
  writeDeps = async () => ({ unitOfWork: new InMemoryUnitOfWork(store), rateLimits: deps.request().rateLimits });
  [ada, bob, admin] = [
    await storedUser(adapter, 'ada@example.com'),
    await storedUser(adapter, 'bob@example.com'),
    await storedUser(adapter, 'admin@example.com'),
  ];
  const unitOfWork = adapter.newUnitOfWork();
  (await unitOfWork.users.findById(admin.id))!.setRole('ADMIN', systemActor);
  await unitOfWork.commit();
  admin = (await adapter.userReader.findById(admin.id))!;
});

const liveIds = async (user: User) => (await adapter.sessionStore.liveOf(user.id, later(now, 1))).map((session) => session.id);

describe('revokeSession', () => {
  it("ends the user's own session, as the user", async () => {
    const { session } = await signedIn(adapter, ada, now);
    expect(await revokeSession({ viewer: ada, sessionId: session.id, now }, await writeDeps())).toEqual({ id: session.id });
    expect((await sessionEvents(adapter)).at(-1)).toMatchObject({ actor: { kind: 'SELF', id: ada.id }, payload: { reason: 'REVOKED' } });
  });

  it("ends anyone's session for an admin, as the admin", async () => {
    const { session } = await signedIn(adapter, ada, now);
    await revokeSession({ viewer: admin, sessionId: session.id, now }, await writeDeps());
    expect((await sessionEvents(adapter)).at(-1)).toMatchObject({ actor: { kind: 'ADMIN', id: admin.id }, payload: { reason: 'REVOKED' } });
  });

  it("answers someone else's session, an unknown, malformed or ended one alike: SessionNotFoundError, nothing written", async () => {
    const { session } = await signedIn(adapter, ada, now);
    const events = await sessionEvents(adapter);
    for (const sessionId of [session.id, crypto.randomUUID(), 'not-a-uuid']) {
      await expect(revokeSession({ viewer: bob, sessionId, now }, await writeDeps())).rejects.toThrow(SessionNotFoundError);
    }
    expect(await sessionEvents(adapter)).toEqual(events);
    await revokeSession({ viewer: ada, sessionId: session.id, now }, await writeDeps());
    await expect(revokeSession({ viewer: ada, sessionId: session.id, now }, await writeDeps())).rejects.toThrow(SessionNotFoundError);
  });
});

describe('endSession, revokeOtherSessions, revokeUserSessions', () => {
  it('signs out the current session only', async () => {
    const [current, other] = [await signedIn(adapter, ada, now), await signedIn(adapter, ada, now)];
    await endSession({ viewer: ada, sessionId: current.session.id, now }, await writeDeps());
    expect(await liveIds(ada)).toEqual([other.session.id]);
    expect((await sessionEvents(adapter)).at(-1)).toMatchObject({ payload: { reason: 'SIGNED_OUT' } });
    await expect(endSession({ viewer: bob, sessionId: other.session.id, now }, await writeDeps())).rejects.toThrow(SessionNotFoundError);
  });

  it('ends every session of the caller but the current one, and no one else’s; answers how many', async () => {
    const [current] = [await signedIn(adapter, ada, now), await signedIn(adapter, ada, now), await signedIn(adapter, ada, now)];
    const bobs = await signedIn(adapter, bob, now);
    expect(await revokeOtherSessions({ viewer: ada, currentSessionId: current.session.id, now }, await writeDeps())).toEqual({ count: 2 });
    expect([await liveIds(ada), await liveIds(bob)]).toEqual([[current.session.id], [bobs.session.id]]);
  });

  it('ends every session of a user for an admin, as the admin; an unknown user is UserNotFoundError', async () => {
    await signedIn(adapter, ada, now);
    await signedIn(adapter, ada, now);
    expect(await revokeUserSessions({ admin, userId: ada.id, now }, await writeDeps())).toEqual({ count: 2 });
    expect(await liveIds(ada)).toEqual([]);
    expect((await sessionEvents(adapter)).at(-1)).toMatchObject({ actor: { kind: 'ADMIN', id: admin.id }, payload: { reason: 'REVOKED' } });
    await expect(revokeUserSessions({ admin, userId: crypto.randomUUID(), now }, await writeDeps())).rejects.toThrow(UserNotFoundError);
  });
});

describe('listSessions', () => {
  it("answers the caller's own, or for an admin anyone's, most recently used first; others' are ForbiddenError", async () => {
    const first = await signedIn(adapter, ada, now);
    const second = await signedIn(adapter, ada, later(now, 60));
    const list = async (viewer: User) =>
      (await listSessions({ viewer, userId: ada.id, now: later(now, 61) }, adapter)).map((session) => session.id);
    expect(await list(ada)).toEqual([second.session.id, first.session.id]);
    expect(await list(admin)).toEqual([second.session.id, first.session.id]);
    await expect(list(bob)).rejects.toThrow(ForbiddenError);
  });
});

describe('refreshSession of a user no longer allowed to sign in', () => {
  it('answers UserInactiveError and UserSuspendedError, writing nothing', async () => {
    const inactive = await storedUser(adapter, 'inactive@example.com', { active: false });
    const inactiveSession = await signedIn(adapter, inactive, now);
    await expect(refresh(adapter, inactiveSession.refreshToken, later(now, 1))).rejects.toThrow(UserInactiveError);
    const { refreshToken, session } = await signedIn(adapter, bob, now);
    // The suspension ended Bob's sessions; startSession checks no user (signIn does), so one started since shows the refresh's own check.
    const unitOfWork = adapter.newUnitOfWork();
    (await unitOfWork.users.findById(bob.id))!.suspend('spam', null, adminActor(admin.id));
    await unitOfWork.commit();
    const late = await signedIn(adapter, bob, later(now, 2));
    await expect(refresh(adapter, late.refreshToken, later(now, 3))).rejects.toThrow(UserSuspendedError);
    expect((await adapter.sessionStore.findById(late.session.id))?.refreshCounter).toBe(0);
    expect((await adapter.sessionStore.findById(session.id))?.endReason).toBe('SUSPENDED');
    expect(refreshToken).not.toBe(late.refreshToken);
  });
});
