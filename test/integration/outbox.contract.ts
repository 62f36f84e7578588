import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateUser } from '../../src/application/accounts/activate-user.ts';
import { changePassword } from '../../src/application/accounts/change-password.ts';
import { createUser } from '../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../src/application/accounts/deactivate-user.ts';
import { deleteMe } from '../../src/application/accounts/delete-me.ts';
import { signIn } from '../../src/application/accounts/sign-in.ts';
import { signOutEverywhere } from '../../src/application/accounts/sign-out-everywhere.ts';
import { updateMe } from '../../src/application/accounts/update-me.ts';
import { updateUser } from '../../src/application/admin/update-user.ts';
import type { AuditRecord } from '../../src/application/audit/audit-events.ts';
import { PerKeyQueue } from '../../src/application/credentials/per-key-queue.ts';
import type { AuditTrail, RateLimits } from '../../src/application/ports.ts';
import type { SessionUnitOfWork } from '../../src/application/sessions/session-store.ts';
import {
  ConcurrentChangeError,
  EmailTakenError,
  InvalidCredentialsError,
  TooManyAttemptsError,
  UserNotFoundError,
} from '../../src/domain/errors.ts';
import { Session } from '../../src/domain/session.ts';
import { User } from '../../src/domain/user.ts';
import { selfActor } from '../../src/domain/user-events.ts';
import { Argon2PasswordHasher } from '../../src/infrastructure/argon2/argon2-password-hasher.ts';
import { CredentialAuditSink, emailHasher, type SecurityEventWriter } from '../../src/infrastructure/credential-audit-sink.ts';
import { openRateLimits } from '../../src/infrastructure/rate-limits/open-rate-limits.ts';
import { systemClock } from '../../src/infrastructure/system-clock.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/tokens/jwt-token-issuer.ts';
import { fastArgon2 } from '../support/argon2-presets.ts';
import { testRateLimitSettings } from '../support/rate-limit-settings.ts';
import { refreshTokens, testSessionSettings } from '../support/sessions.ts';
import { auditTrailContract } from './audit-trail.contract.ts';
import { adminContract } from './outbox-admin.contract.ts';

export interface OutboxUnderTest {
  newUnitOfWork(): SessionUnitOfWork;
  auditTrail: AuditTrail & SecurityEventWriter & { prune(cutoff: Date): Promise<number> };
  teardown(): Promise<void>;
}

const auditHashKey = 'outbox contract secret';
/** The keyed hash every adapter under test stores unknown emails as. */
export const contractEmailHash = emailHasher(auditHashKey);

/** What a row says, without its id and position: what tests compare. */
export const said = ({ type, userId, actor, payload, clientAddress }: AuditRecord) => ({ type, userId, actor, payload, clientAddress });

/** The use cases' dependencies on an adapter under test, as one request gets them. */
export async function useCaseDeps(adapter: () => OutboxUnderTest) {
  const limits = { ...testRateLimitSettings, maxSignUpsPerIpPerHour: 10_000 };
  const rateLimits: RateLimits = (await openRateLimits(limits, { databaseUrl: 'sqlite::memory:' })).limits;
  const passwordHasher = new Argon2PasswordHasher(fastArgon2);
  const tokenIssuer = new JwtTokenIssuer(
    {
      signing: { algorithm: 'HS256', secrets: ['outbox-contract'] },
      ttlSeconds: 3600,
      issuer: 'tests',
      audience: 'tests',
    },
    systemClock,
  );
  const verificationsPerEmail = new PerKeyQueue();
  const silent = pino({ enabled: false });
  // Each outcome's row written by the audit sink, on the adapter under test.
  const credentialAudit = () =>
    new CredentialAuditSink({ securityEvents: adapter().auditTrail, logger: silent, hashKey: auditHashKey, requestId: () => undefined });
  const request = () => ({
    unitOfWork: adapter().newUnitOfWork(),
    // A user as the next request reads it: through a unit of work of its own.
    userReader: { findById: (id: string) => adapter().newUnitOfWork().users.findById(id) },
    credentialAudit: credentialAudit(),
    passwordHasher,
    tokenIssuer,
    refreshTokens,
    sessionSettings: testSessionSettings,
    rateLimits,
    verificationsPerEmail,
    uniformCredentialErrors: false,
    clock: systemClock,
  });
  /**
   * A request by the user with this id, read through its own unit of work, as the edge does, with
   * a session of its own that was never stored (the events here are the user's).
   */
  const requestBy = async (id: string) => {
    const deps = request();
    const session = new Session({ userId: id, userAgent: null, ipAddress: null }, testSessionSettings.lifetimes, new Date());
    return { ...deps, viewer: (await deps.unitOfWork.users.findById(id))!, session };
  };
  let people = 0;
  /** A new person, with an address (IPv6, counted by its /64) of their own. */
  const person = () => {
    people += 1;
    const clientAddress = `2001:db8:${people.toString(16)}::7`;
    return {
      name: 'Ada',
      surname: 'Lovelace',
      email: `${randomUUID()}@example.com`,
      password: 'correct horse battery',
      clientIp: `2001:db8:${people.toString(16)}::/64`,
      clientAddress,
    };
  };
  const credentials = ({ email, password, clientIp, clientAddress }: ReturnType<typeof person>) => ({
    email,
    password,
    clientIp,
    clientAddress,
  });
  /** Signed up and activated through the use cases. */
  const activeUser = async (someone = person()) => {
    const { id } = await createUser(someone, request());
    await activateUser(credentials(someone), request());
    return { id, ...someone };
  };
  return { request, requestBy, person, credentials, activeUser };
}

/** The outbox: what each use case writes, in the transaction of its change, and what it never writes. */
export function outboxContract(name: string, setup: () => Promise<OutboxUnderTest>): void {
  describe(`Outbox contract: ${name}`, () => {
    let adapter: OutboxUnderTest;
    let deps: Awaited<ReturnType<typeof useCaseDeps>>;
    beforeAll(async () => {
      adapter = await setup();
      deps = await useCaseDeps(() => adapter);
    });
    afterAll(() => adapter.teardown());

    /** What the rows about one user say, oldest first. */
    const rowsAbout = async (userId: string) => (await adapter.auditTrail.page({ userId, limit: 100 })).reverse();
    const typesAbout = async (userId: string) => (await rowsAbout(userId)).map(({ type }) => type);

    it('writes each self-service change with its payload, by the user themself, and no secret', async () => {
      const someone = deps.person();
      const { id } = await createUser(someone, deps.request());
      await activateUser(deps.credentials(someone), deps.request());
      await signIn(deps.credentials(someone), deps.request());
      const updating = await deps.requestBy(id);
      await updateMe({ viewer: updating.viewer, name: 'Augusta' }, updating);
      const asThemself = await deps.requestBy(id);
      const newPassword = 'another correct horse';
      await changePassword({ ...asThemself, currentPassword: someone.password, newPassword, clientIp: someone.clientIp }, asThemself);
      const signingOut = await deps.requestBy(id);
      await signOutEverywhere(signingOut.viewer, signingOut);
      await deactivateUser({ ...deps.credentials(someone), password: newPassword }, deps.request());
      // Only a signed-in user deletes their own account: an active one.
      await activateUser({ ...deps.credentials(someone), password: newPassword }, deps.request());
      const deleting = await deps.requestBy(id);
      await deleteMe({ viewer: deleting.viewer, password: newPassword, clientIp: someone.clientIp }, deleting);

      const self = { kind: 'SELF', id };
      const row = (type: string, payload: object = {}) => ({ type, userId: id, actor: self, payload, clientAddress: null });
      const rows = await rowsAbout(id);
      const sessionId = (rows[3]!.payload as { sessionId: string }).sessionId;
      expect(rows.map(said)).toEqual([
        row('UserCreated', { email: someone.email, name: 'Ada', surname: 'Lovelace', role: 'USER' }),
        row('UserActivated'),
        row('UserSignedIn'),
        // The sign-in's session, at the sign-in's address; the password change (from another session) ends it.
        {
          ...row('SessionStarted', { sessionId, userAgent: null, ipAddress: someone.clientAddress }),
          clientAddress: someone.clientAddress,
        },
        row('UserUpdated', { changed: ['name'], name: 'Augusta' }),
        row('PasswordChanged'),
        row('SessionEnded', { sessionId, reason: 'PASSWORD_CHANGED' }),
        row('TokensRevoked'),
        row('UserDeactivated'),
        row('UserActivated'),
        row('UserDeleted'),
      ]);
      const written = JSON.stringify(rows);
      for (const secret of [someone.password, newPassword, '$argon2']) expect(written).not.toContain(secret);
      expect(JSON.stringify(rows[2])).not.toContain('@');
      // Newest first by position, each commit after the one before.
      const positions = rows.map(({ position }) => position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    });

    it('writes nothing for a change that changes nothing (activate an active user, an update to the same name)', async () => {
      const { id, ...someone } = await deps.activeUser();
      await activateUser(deps.credentials({ ...someone }), deps.request());
      const updating = await deps.requestBy(id);
      await updateMe({ viewer: updating.viewer, name: 'Ada' }, updating);
      expect(await typesAbout(id)).toEqual(['UserCreated', 'UserActivated']);
    });

    it('writes no event of a lost EmailTakenError race: the losing commit rolled back', async () => {
      const email = `${randomUUID()}@example.com`;
      const racers = [0, 1].map(() => new User({ name: 'Ada', surname: 'Lovelace', email, passwordHash: '$argon2id$v=19$fake' }));
      const unitsOfWork = racers.map((user) => {
        const unitOfWork = adapter.newUnitOfWork();
        unitOfWork.users.add(user);
        return unitOfWork;
      });
      const results = await Promise.allSettled(unitsOfWork.map((unitOfWork) => unitOfWork.commit()));
      expect(results.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = results.findIndex(({ status }) => status === 'rejected');
      expect((results[lost] as PromiseRejectedResult).reason).toBeInstanceOf(EmailTakenError);
      const [winner, loser] = [racers[1 - lost]!, racers[lost]!];
      expect(await typesAbout(winner.id)).toEqual(['UserCreated']);
      expect(await rowsAbout(loser.id)).toEqual([]);
      // Not lost either: still recorded on the aggregate, for a commit that could succeed.
      expect(loser.recordedEvents().map(({ type }) => type)).toEqual(['UserCreated']);
      expect(winner.recordedEvents()).toEqual([]);
    });

    it('writes no UserUpdated when an admin gives a user a taken email', async () => {
      const [taken, user] = [await deps.activeUser(), await deps.activeUser()];
      const admin = (await deps.requestBy(taken.id)).viewer;
      const update = updateUser({ admin, id: user.id, details: { name: 'Changed', email: taken.email } }, deps.request());
      await expect(update).rejects.toThrow(EmailTakenError);
      expect(await typesAbout(user.id)).toEqual(['UserCreated', 'UserActivated']);
    });

    it('writes no event of a change that lost a race with another change of the same user', async () => {
      const { id } = await deps.activeUser();
      const [first, second] = [adapter.newUnitOfWork(), adapter.newUnitOfWork()];
      const [mine, theirs] = [(await first.users.findById(id))!, (await second.users.findById(id))!];
      mine.update({ name: 'First' }, selfActor(mine.id));
      await first.commit();
      theirs.update({ surname: 'Second' }, selfActor(theirs.id));
      await expect(second.commit()).rejects.toThrow(ConcurrentChangeError);
      expect((await rowsAbout(id)).map(({ type, payload }) => [type, payload]).slice(2)).toEqual([
        ['UserUpdated', { changed: ['name'], name: 'First' }],
      ]);
    });

    it('writes a renewed hash with its sign-in, and a sign-in with no change at all', async () => {
      const { id, ...someone } = await deps.activeUser();
      await signIn(deps.credentials({ ...someone }), deps.request());
      await signIn(deps.credentials({ ...someone }), deps.request());
      const signedIn = ['UserSignedIn', 'SessionStarted'];
      expect(await typesAbout(id)).toEqual(['UserCreated', 'UserActivated', ...signedIn, ...signedIn]);
    });

    describe('SignInFailed, a security event', () => {
      it('is written for a wrong password, with the account, the reason and the full client address', async () => {
        const { id, ...someone } = await deps.activeUser();
        const attempt = { ...deps.credentials({ ...someone }), password: 'wrong password' };
        await expect(signIn(attempt, deps.request())).rejects.toThrow(InvalidCredentialsError);
        const [failed] = (await rowsAbout(id)).slice(2);
        expect(said(failed!)).toEqual({
          type: 'SignInFailed',
          userId: id,
          actor: { kind: 'ANONYMOUS' },
          payload: { reason: 'WRONG_PASSWORD' },
          clientAddress: someone.clientAddress,
        });
      });

      it('is written for an unknown email with a keyed hash of it, never the email itself', async () => {
        const someone = deps.person();
        await expect(signIn(deps.credentials(someone), deps.request())).rejects.toThrow(UserNotFoundError);
        const failures = await adapter.auditTrail.page({ types: ['SignInFailed'], limit: 100 });
        const failed = failures.find((row) => row.clientAddress === someone.clientAddress);
        expect(said(failed!)).toEqual({
          type: 'SignInFailed',
          userId: null,
          actor: { kind: 'ANONYMOUS' },
          payload: { reason: 'UNKNOWN_EMAIL', emailHash: contractEmailHash(someone.email) },
          clientAddress: someone.clientAddress,
        });
        expect(JSON.stringify(failures)).not.toContain(someone.email.split('@')[0]);
      });

      it('names the signed-in user as actor when their current password was wrong', async () => {
        const { id, ...someone } = await deps.activeUser();
        const request = await deps.requestBy(id);
        const change = changePassword({ ...request, ...someone, currentPassword: 'wrong', newPassword: 'a new password' }, request);
        await expect(change).rejects.toThrow(InvalidCredentialsError);
        const [failed] = (await rowsAbout(id)).slice(2);
        expect([failed?.type, failed?.actor]).toEqual(['SignInFailed', { kind: 'SELF', id }]);
      });

      it('is not written for an attempt the rate limits refused: a flood writes no more rows than the limit', async () => {
        const { id, ...someone } = await deps.activeUser();
        const attempt = { ...deps.credentials({ ...someone }), password: 'wrong password' };
        for (let i = 0; i < 5; i += 1) await expect(signIn(attempt, deps.request())).rejects.toThrow(InvalidCredentialsError);
        for (let i = 0; i < 5; i += 1) await expect(signIn(attempt, deps.request())).rejects.toThrow(TooManyAttemptsError);
        await expect(signIn(deps.credentials({ ...someone }), deps.request())).rejects.toThrow(TooManyAttemptsError);
        expect(await typesAbout(id)).toEqual(['UserCreated', 'UserActivated', ...Array(5).fill('SignInFailed')]);
        // Nor a row about no one: every failure from this address is one of the five.
        const failures = await adapter.auditTrail.page({ types: ['SignInFailed'], limit: 1000 });
        expect(failures.filter((row) => row.clientAddress === someone.clientAddress)).toHaveLength(5);
      });
    });

    adminContract(
      () => adapter,
      () => deps,
      setup,
    );
  });

  auditTrailContract(name, setup);
}
