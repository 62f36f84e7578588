import { describe, expect, it } from 'vitest';
import { changePassword } from '../../../../src/application/accounts/change-password.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { InvalidCredentialsError, TooManyAttemptsError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { type Deps, holderOf, requestBy, type SignedInUser, signedIn, stored } from '../signed-in-users.ts';

const newPassword = 'a brand new passphrase';

async function change(deps: Deps, user: SignedInUser, currentPassword: string) {
  const request = await requestBy(deps, user.token);
  return changePassword({ viewer: request.viewer, session: request.session, currentPassword, newPassword, clientIp: '192.0.2.1' }, request);
}

describe('changePassword', () => {
  it('refuses a wrong current password and changes nothing', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const before = await stored(deps, john.id);
    await expect(change(deps, john, 'wrong password')).rejects.toThrow(InvalidCredentialsError);
    expect(await stored(deps, john.id)).toEqual(before);
    expect(await holderOf(deps, john.token)).toBe(john.id);
  });

  it('counts wrong current passwords like failed sign-ins: the sixth try is refused unhashed', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const before = await stored(deps, john.id);
    for (let i = 0; i < 5; i++) await expect(change(deps, john, `wrong password ${i}`)).rejects.toThrow(InvalidCredentialsError);
    const computations = deps.passwordHasher.computations;
    await expect(change(deps, john, john.credentials.password)).rejects.toThrow(TooManyAttemptsError);
    await expect(signIn(john.credentials, deps.request())).rejects.toThrow(TooManyAttemptsError);
    expect(deps.passwordHasher.computations).toBe(computations);
    expect(await stored(deps, john.id)).toEqual(before);
  });

  it('shares the per-email count with sign-in', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const wrong = { ...john.credentials, password: 'wrong password' };
    for (let i = 0; i < 4; i++) await expect(signIn(wrong, deps.request())).rejects.toThrow(InvalidCredentialsError);
    await expect(change(deps, john, 'wrong password')).rejects.toThrow(InvalidCredentialsError);
    await expect(change(deps, john, john.credentials.password)).rejects.toThrow(TooManyAttemptsError);
  });

  it('revokes the old tokens, returns one that works, and signs in with the new password only', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const before = (await stored(deps, john.id))!;
    const result = await change(deps, john, john.credentials.password);
    expect(result.user.id).toBe(john.id);
    expect(await holderOf(deps, john.token)).toBeNull();
    expect(await holderOf(deps, result.token)).toBe(john.id);
    const after = (await stored(deps, john.id))!;
    expect([after.tokenVersion, after.passwordHash === before.passwordHash]).toEqual([before.tokenVersion + 1, false]);
    await expect(signIn(john.credentials, deps.request())).rejects.toThrow(InvalidCredentialsError);
    const signedInAgain = await signIn({ ...john.credentials, password: newPassword }, deps.request());
    expect(await holderOf(deps, signedInAgain.token)).toBe(john.id);
  });
});
