import { beforeEach, describe, expect, it } from 'vitest';
import { refreshSession } from '../../../../src/application/sessions/refresh-session.ts';
import { TooManyAttemptsError } from '../../../../src/domain/errors.ts';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../../../src/domain/session-errors.ts';
import type { User } from '../../../../src/domain/user.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { expectCounter, later, type SessionsUnderTest, signedIn, snapshot, start, storedUser } from '../../../support/sessions.ts';
import type { Deps } from '../signed-in-users.ts';

/** The user's writes a minute; the user and sessions below are stored without spending any. */
const budget = 3;
let deps: Deps;
let adapter: SessionsUnderTest;
let ada: User;

beforeEach(async () => {
  deps = await inMemoryDeps({ limits: { maxWritesPerAccountPerMinute: budget } });
  const { userReader } = deps.request();
  adapter = {
    newUnitOfWork: () => deps.request().unitOfWork,
    sessionStore: deps.store.sessions,
    userReader,
    auditTrail: deps.auditTrail,
    teardown: async () => {},
  };
  ada = await storedUser(adapter, 'ada@example.com');
});

const refresh = (refreshToken: string, seconds: number) =>
  refreshSession({ refreshToken, ipAddress: '198.51.100.9', now: later(start, seconds) }, deps.request());
const rotate = async (refreshToken: string, seconds: number) => (await refresh(refreshToken, seconds)).refreshToken;

async function expectRefused(refreshToken: string, seconds: number) {
  const refusal = await refresh(refreshToken, seconds).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(TooManyAttemptsError);
  expect((refusal as TooManyAttemptsError).retryAfterSeconds).toBeGreaterThan(0);
  expect((refusal as TooManyAttemptsError).retryAfterSeconds).toBeLessThanOrEqual(60);
}

describe("refreshSession against the user's write budget", () => {
  it('spends a write per rotation; past the budget refuses with TooManyAttemptsError, writing nothing, and the same token rotates once the window ends', async () => {
    const { session, refreshToken } = await signedIn(adapter, ada, start);
    let current = refreshToken;
    for (let second = 1; second <= budget; second++) current = await rotate(current, second);
    const before = await snapshot(adapter, session.id);
    await expectRefused(current, 10);
    expect(await snapshot(adapter, session.id)).toEqual(before);
    // What the end of the minute's window does to the count.
    await deps.request().rateLimits.rotationsPerAccount.reset(ada.id);
    await rotate(current, 11);
    await expectCounter(adapter, session.id, budget + 1);
  });

  it('spends nothing on grace answers, invalid tokens or reuse', async () => {
    const kept = await signedIn(adapter, ada, start);
    const reused = await signedIn(adapter, ada, start);
    const first = await rotate(kept.refreshToken, 1);
    for (const second of [2, 3, 4]) expect(await rotate(kept.refreshToken, second)).toBe(first);
    await expect(refresh('not a token', 5)).rejects.toThrow(InvalidRefreshTokenError);
    await rotate(reused.refreshToken, 6);
    await expect(refresh(reused.refreshToken, 60)).rejects.toThrow(RefreshTokenReusedError);
    // Two writes spent (the rotations); the third is the last.
    await expectRefused(await rotate(first, 61), 62);
  });

  it('lets 20 concurrent refreshes of one token through with one write left: one rotation, 19 grace answers', async () => {
    const { session, refreshToken } = await signedIn(adapter, ada, start);
    let current = refreshToken;
    for (let second = 1; second < budget; second++) current = await rotate(current, second);
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(current, budget)));
    expect(new Set(answers.map((answer) => answer.refreshToken)).size).toBe(1);
    await expectCounter(adapter, session.id, budget);
    await expectRefused(answers[0]!.refreshToken, budget + 1);
  });

  it("answers a refresh whose check comes after a concurrent refresh spent the last write on the same token: that rotation's successor, refused by no one", async () => {
    const { refreshToken } = await signedIn(adapter, ada, start);
    let current = refreshToken;
    for (let second = 1; second < budget; second++) current = await rotate(current, second);
    const request = deps.request();
    const writes = request.rateLimits.rotationsPerAccount;
    const concurrent = Promise.withResolvers<string>();
    const refusals: TooManyAttemptsError[] = [];
    // The other refresh rotates, and spends the last write, between this one's read and its check.
    const checkedLate = {
      consume: (key: string) => writes.consume(key),
      refund: (key: string) => writes.refund(key),
      reset: (key: string) => writes.reset(key),
      record: (key: string) => writes.record(key),
      refuse: (refusal: TooManyAttemptsError) => {
        refusals.push(refusal);
        return writes.refuse(refusal);
      },
      check: async (key: string) => {
        concurrent.resolve(await rotate(current, budget));
        return writes.check(key);
      },
    };
    const late = { ...request, rateLimits: { ...request.rateLimits, rotationsPerAccount: checkedLate } };
    const answer = await refreshSession({ refreshToken: current, ipAddress: null, now: later(start, budget) }, late);
    expect(answer.refreshToken).toBe(await concurrent.promise);
    // The refusals' metric hears only refusals answered.
    expect(refusals).toEqual([]);
  });
});
