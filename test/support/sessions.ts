import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AuditRecord } from '../../src/application/audit/audit-events.ts';
import type { AuditTrail, UserReader } from '../../src/application/ports.ts';
import { endSession } from '../../src/application/sessions/end-session.ts';
import { refreshSession } from '../../src/application/sessions/refresh-session.ts';
import type { SessionSettings } from '../../src/application/sessions/session-settings.ts';
import type { SessionStore, SessionUnitOfWork } from '../../src/application/sessions/session-store.ts';
import { startSession } from '../../src/application/sessions/start-session.ts';
import { User } from '../../src/domain/user.ts';
import { systemActor } from '../../src/domain/user-events.ts';
import { InMemoryAuditTrail } from '../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { inMemoryUserDirectory } from '../../src/infrastructure/in-memory/user-directory.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { PreparedSessionStore } from '../../src/infrastructure/mikro-orm/fast-user-reader/prepared-session-store.ts';
import type { MikroOrmSessionStore } from '../../src/infrastructure/mikro-orm/sessions/session-store.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from '../../src/infrastructure/mikro-orm/user-directory.ts';
import { openRateLimits } from '../../src/infrastructure/rate-limits/open-rate-limits.ts';
import type { PrunableSessions } from '../../src/infrastructure/sessions/session-pruning.ts';
import { HmacRefreshTokenCodec } from '../../src/infrastructure/tokens/hmac-refresh-token-codec.ts';
import { testRateLimitSettings } from './rate-limit-settings.ts';

/** What a session suite runs on: one storage adapter's ports. */
export interface SessionsUnderTest {
  newUnitOfWork(): SessionUnitOfWork;
  sessionStore: SessionStore & PrunableSessions;
  userReader: UserReader;
  auditTrail: AuditTrail;
  teardown(): Promise<void>;
}

/** The in-memory adapters' sessions. */
export async function inMemorySessions(): Promise<SessionsUnderTest> {
  const store = new InMemoryUserStore();
  return {
    newUnitOfWork: () => new InMemoryUnitOfWork(store),
    sessionStore: store.sessions,
    userReader: inMemoryUserDirectory(store),
    auditTrail: new InMemoryAuditTrail(store),
    teardown: async () => {},
  };
}

/**
 * One service instance's adapters: an ORM (a pool, or a SQLite connection) of its own, its session
 * store the one the service composes unless told.
 */
export function mikroOrmSessions(
  orm: MikroORM,
  Store: typeof MikroOrmSessionStore = PreparedSessionStore,
  teardown = async () => {},
): SessionsUnderTest {
  return {
    newUnitOfWork: () => new MikroOrmUnitOfWork(orm.em.fork()),
    sessionStore: new Store(orm),
    userReader: new MikroOrmUserDirectory(orm),
    auditTrail: new MikroOrmAuditTrail(orm),
    teardown,
  };
}

export const day = 86_400;
export const testSessionSettings: SessionSettings = {
  lifetimes: { idleTimeoutSeconds: 14 * day, maxLifetimeSeconds: 30 * day },
  reuseGraceSeconds: 10,
  maxSessionsPerUser: 100,
};
export const refreshTokens = new HmacRefreshTokenCodec('session tests: a key of at least 32 bytes');

/** When every session suite's first session starts. */
export const start = new Date('2026-12-01T10:00:00.000Z');

/** `seconds` after `from`: the injected clock of every session test. */
export const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/** In memory, with the write budget out of the way (its own tests take limits of their own). */
const { limits: rateLimits } = await openRateLimits(testRateLimitSettings, { databaseUrl: 'sqlite::memory:' });

/** The use cases' dependencies on the adapter, as one request gets them. */
export function sessionDeps(adapter: SessionsUnderTest, settings: SessionSettings = testSessionSettings) {
  const { sessionStore, userReader } = adapter;
  return { unitOfWork: adapter.newUnitOfWork(), sessionStore, userReader, refreshTokens, sessionSettings: settings, rateLimits };
}

/** The adapter a describe block runs on, opened before its tests and torn down after; each test stores a user of its own. */
export function sessionSuite(open: () => Promise<SessionsUnderTest>, emailPrefix: string) {
  let adapter: SessionsUnderTest | undefined;
  let users = 0;
  beforeAll(async () => {
    adapter = await open();
  });
  afterAll(() => adapter?.teardown());
  const suite = {
    get adapter(): SessionsUnderTest {
      if (!adapter) throw new Error('the adapter opens in beforeAll');
      return adapter;
    },
    newUser: () => storedUser(suite.adapter, `${emailPrefix}-${++users}@example.com`),
  };
  return suite;
}

/** A user stored through the adapter: active unless told otherwise. */
export async function storedUser(adapter: SessionsUnderTest, email: string, { active = true } = {}): Promise<User> {
  const unitOfWork = adapter.newUnitOfWork();
  const user = new User({ name: 'Ada', surname: 'Lovelace', email, passwordHash: 'not a real hash' });
  if (active) user.activate(systemActor);
  unitOfWork.users.add(user);
  await unitOfWork.commit();
  return user;
}

/** A session started and committed at `now`, as a sign-in would. */
export async function signedIn(adapter: SessionsUnderTest, user: User, now: Date, settings = testSessionSettings) {
  const deps = sessionDeps(adapter, settings);
  const started = await startSession({ userId: user.id, userAgent: 'Firefox\u0000/128', ipAddress: '192.0.2.7', now }, deps);
  await deps.unitOfWork.commit();
  return started;
}

/** `user` signs out of the session at `now`. */
export function signOut(adapter: SessionsUnderTest, user: User, sessionId: string, now: Date) {
  return endSession({ viewer: user, sessionId, now }, { unitOfWork: adapter.newUnitOfWork() });
}

/** `count` sessions of `user`, each signed in and out at `from` + i seconds; answers their ids. */
export async function signedInAndOut(adapter: SessionsUnderTest, user: User, count: number, from: Date): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const { session } = await signedIn(adapter, user, later(from, i));
    await signOut(adapter, user, session.id, later(from, i));
    ids.push(session.id);
  }
  return ids;
}

/** The store's prunes, each batch's count noted in `batches`, as the pruning job calls them. */
export function countingBatches(store: PrunableSessions): { sessions: PrunableSessions; batches: number[] } {
  const batches: number[] = [];
  const prune = async (cutoff: Date, limit: number) => {
    const deleted = await store.prune(cutoff, limit);
    batches.push(deleted);
    return deleted;
  };
  return { sessions: { prune }, batches };
}

export function refresh(adapter: SessionsUnderTest, refreshToken: string, now: Date, settings = testSessionSettings) {
  return refreshSession({ refreshToken, ipAddress: '198.51.100.9', now }, sessionDeps(adapter, settings));
}

/** The outbox rows about sessions, oldest first, as `{ type, actor, payload, clientAddress }`. */
export async function sessionEvents(adapter: SessionsUnderTest): Promise<Partial<AuditRecord>[]> {
  const rows = await adapter.auditTrail.page({ limit: 1000, types: ['SessionStarted', 'SessionEnded', 'RefreshTokenReused'] });
  return rows.reverse().map(({ type, actor, payload, clientAddress }) => ({ type, actor, payload, clientAddress }));
}

/** Everything the adapter holds about a session and the outbox: what a failed refresh must leave as it was. */
export async function snapshot(adapter: SessionsUnderTest, sessionId: string) {
  const outbox = await adapter.auditTrail.page({ limit: 1000 });
  return { session: { ...(await adapter.sessionStore.findById(sessionId)) }, outbox: outbox.map((row) => row.id) };
}

export const expectCounter = async (adapter: SessionsUnderTest, sessionId: string, counter: number) =>
  expect((await adapter.sessionStore.findById(sessionId))?.refreshCounter).toBe(counter);
