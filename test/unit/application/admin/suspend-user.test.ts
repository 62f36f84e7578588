import { afterEach, describe, expect, it, vi } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { reinstateUser } from '../../../../src/application/admin/reinstate-user.ts';
import { suspendUser } from '../../../../src/application/admin/suspend-user.ts';
import { ForbiddenError, InvalidCredentialsError, UserSuspendedError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { byAdmin, type Deps, holderOf, requestBy, type SignedInUser, signedIn, stored } from '../signed-in-users.ts';

const tomorrow = () => new Date(Date.now() + 86_400_000);

/** Ada, an admin, suspends the user. */
async function suspend(deps: Deps, ada: SignedInUser, id: string, until: Date | null = null) {
  const request = await requestBy(deps, ada.token);
  return suspendUser({ admin: request.viewer, id, reason: 'Spam', until }, request);
}

afterEach(() => void vi.useRealTimers());

async function setUp() {
  const deps = await inMemoryDeps();
  return { deps, ada: await signedIn(deps, 'ada', 'ADMIN'), john: await signedIn(deps, 'john') };
}

describe('suspendUser', () => {
  it('stores the suspension and refuses the tokens of the user from then on', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { deps, ada, john } = await setUp();
    const [now, until] = [new Date(), tomorrow()];
    const suspended = await suspend(deps, ada, john.id, until);
    expect(suspended.suspension).toEqual({ reason: 'Spam', until, suspendedAt: now });
    expect((await stored(deps, john.id))!.suspension).toEqual({ reason: 'Spam', until, suspendedAt: now });
    expect(await holderOf(deps, john.token)).toBeNull();
    expect(await holderOf(deps, ada.token)).toBe(ada.id);
  });

  it('refuses the right password with UserSuspendedError, telling why and until when; a wrong one stays wrong', async () => {
    const { deps, ada, john } = await setUp();
    const until = tomorrow();
    await suspend(deps, ada, john.id, until);
    const refusal = (await signIn(john.credentials, deps.request()).catch((error: unknown) => error)) as UserSuspendedError;
    expect(refusal).toBeInstanceOf(UserSuspendedError);
    expect([refusal.reason, refusal.until]).toEqual(['Spam', until]);
    await expect(activateUser(john.credentials, deps.request())).rejects.toThrow(UserSuspendedError);
    await expect(signIn({ ...john.credentials, password: 'wrong password' }, deps.request())).rejects.toThrow(InvalidCredentialsError);
  });

  it('refuses an admin suspending themself, and writes nothing', async () => {
    const { deps, ada } = await setUp();
    await signedIn(deps, 'bea', 'ADMIN');
    const before = await stored(deps, ada.id);
    await expect(suspend(deps, ada, ada.id)).rejects.toThrow(new ForbiddenError('An admin cannot suspend themself'));
    expect(await stored(deps, ada.id)).toEqual(before);
    expect(await holderOf(deps, ada.token)).toBe(ada.id);
  });

  it('may suspend another admin while the suspending one is still an active admin', async () => {
    const { deps, ada } = await setUp();
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    await suspend(deps, ada, bea.id);
    expect((await stored(deps, bea.id))!.isActiveAdmin()).toBe(false);
    expect(await holderOf(deps, bea.token)).toBeNull();
  });

  it('ends by itself at `until`: the user signs in again, old tokens stay refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { deps, ada, john } = await setUp();
    await suspend(deps, ada, john.id, new Date(Date.now() + 10 * 60_000));
    vi.setSystemTime(Date.now() + 10 * 60_000 - 1);
    await expect(signIn(john.credentials, deps.request())).rejects.toThrow(UserSuspendedError);
    vi.setSystemTime(Date.now() + 1);
    const fresh = await signIn(john.credentials, deps.request());
    expect(await holderOf(deps, fresh.token)).toBe(john.id);
    // Still within its hour: refused for its version, not for its age.
    expect(await holderOf(deps, john.token)).toBeNull();
  });
});

describe('reinstateUser', () => {
  it('lifts the suspension: the user signs in again with a new token, the old stays refused', async () => {
    const { deps, ada, john } = await setUp();
    await suspend(deps, ada, john.id);
    const { request, admin } = await byAdmin(deps, ada);
    const reinstated = await reinstateUser({ admin, id: john.id }, request);
    expect([reinstated.suspension, (await stored(deps, john.id))!.suspension]).toEqual([null, null]);
    const fresh = await signIn(john.credentials, deps.request());
    expect(await holderOf(deps, fresh.token)).toBe(john.id);
    expect(await holderOf(deps, john.token)).toBeNull();
  });

  it('changes nothing for a user who is not suspended', async () => {
    const { deps, ada, john } = await setUp();
    const before = await stored(deps, john.id);
    const { request, admin } = await byAdmin(deps, ada);
    expect(await reinstateUser({ admin, id: john.id }, request)).toEqual(before);
    expect(await stored(deps, john.id)).toEqual(before);
    expect(await holderOf(deps, john.token)).toBe(john.id);
  });
});
