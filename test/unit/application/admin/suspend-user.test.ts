import { afterEach, describe, expect, it, vi } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { ForbiddenError, InvalidCredentialsError, UserSuspendedError } from '../../../../src/domain/errors.ts';
import { adaAndJohn, holderOf, signedIn, stored, suspend } from '../signed-in-users.ts';

const tomorrow = () => new Date(Date.now() + 86_400_000);

afterEach(() => void vi.useRealTimers());

describe('suspendUser', () => {
  it('stores the suspension and refuses the tokens of the user from then on', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { deps, ada, john } = await adaAndJohn();
    const [now, until] = [new Date(), tomorrow()];
    const suspended = await suspend(deps, ada, john.id, until);
    expect(suspended.suspension).toEqual({ reason: 'Spam', until, suspendedAt: now });
    expect((await stored(deps, john.id))!.suspension).toEqual({ reason: 'Spam', until, suspendedAt: now });
    expect(await holderOf(deps, john.token)).toBeNull();
    expect(await holderOf(deps, ada.token)).toBe(ada.id);
  });

  it('refuses the right password with UserSuspendedError, telling why and until when; a wrong one stays wrong', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const until = tomorrow();
    await suspend(deps, ada, john.id, until);
    const refusal = (await signIn(john.credentials, deps.request()).catch((error: unknown) => error)) as UserSuspendedError;
    expect(refusal).toBeInstanceOf(UserSuspendedError);
    expect([refusal.reason, refusal.until]).toEqual(['Spam', until]);
    await expect(activateUser(john.credentials, deps.request())).rejects.toThrow(UserSuspendedError);
    await expect(signIn({ ...john.credentials, password: 'wrong password' }, deps.request())).rejects.toThrow(InvalidCredentialsError);
  });

  it('refuses an admin suspending themself, and writes nothing', async () => {
    const { deps, ada } = await adaAndJohn();
    await signedIn(deps, 'bea', 'ADMIN');
    const before = await stored(deps, ada.id);
    await expect(suspend(deps, ada, ada.id)).rejects.toThrow(new ForbiddenError('An admin cannot suspend themself'));
    expect(await stored(deps, ada.id)).toEqual(before);
    expect(await holderOf(deps, ada.token)).toBe(ada.id);
  });

  it('may suspend another admin while the suspending one is still an active admin', async () => {
    const { deps, ada } = await adaAndJohn();
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    await suspend(deps, ada, bea.id);
    expect((await stored(deps, bea.id))!.isActiveAdmin()).toBe(false);
    expect(await holderOf(deps, bea.token)).toBeNull();
  });

  it('ends by itself at `until`: the user signs in again, old tokens stay refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { deps, ada, john } = await adaAndJohn();
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
