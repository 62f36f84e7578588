import { describe, expect, it } from 'vitest';
import { changePassword } from '../../../src/application/accounts/change-password.ts';
import { createUser } from '../../../src/application/accounts/create-user.ts';
import { InvalidValueError } from '../../../src/domain/errors.ts';
import { acceptedPassword } from '../../../src/domain/password-policy.ts';
import { inMemoryDeps, john } from '../../support/in-memory-deps.ts';
import { requestBy, signedIn, stored } from '../application/signed-in-users.ts';

const refusal = (code: string, message: string) => expect.objectContaining({ code, message });
const tooCommon = refusal('COMMON_PASSWORD', 'This password is too common: choose one that is harder to guess');

describe('the password policy', () => {
  it.each([
    ['seven characters', 'abcdefg', refusal('TOO_SHORT', 'Must be at least 8 characters')],
    ['129 characters', 'a'.repeat(129), refusal('TOO_LONG', 'Must be at most 128 characters')],
    ['a common password', 'iloveyou', tooCommon],
    ['one in another case', 'Password1', tooCommon],
    ['one NFKC-equal to a common one (full-width)', 'ｐａｓｓｗｏｒｄ', tooCommon],
  ])('refuses %s', (_, password, error) => {
    expect(() => acceptedPassword(password)).toThrow(InvalidValueError);
    expect(() => acceptedPassword(password)).toThrow(error);
  });

  it('takes any other password of 8 to 128 characters, counted as typed, and gives it in NFKC to hash', () => {
    // Eight code points typed, seven once NFKC composes the accent.
    expect(acceptedPassword('cafe\u0301 lai')).toBe('café lai');
    expect(acceptedPassword('🔑'.repeat(128))).toBe('🔑'.repeat(128));
  });

  it('is kept by createUser, before any hash: nothing stored', async () => {
    const deps = await inMemoryDeps();
    await expect(createUser({ ...john, password: 'password' }, deps.request())).rejects.toThrow(tooCommon);
    expect(deps.passwordHasher.computations).toBe(0);
    expect(await deps.request().unitOfWork.users.findByEmail(john.email)).toBeNull();
  });

  it('is kept by changePassword, before the current password is checked: nothing changed', async () => {
    const deps = await inMemoryDeps();
    const ada = await signedIn(deps, 'ada');
    const before = await stored(deps, ada.id);
    const request = await requestBy(deps, ada.token);
    const change = {
      viewer: request.viewer,
      session: request.session,
      currentPassword: ada.credentials.password,
      newPassword: 'qwertyuiop',
      clientIp: '192.0.2.1',
    };
    const computations = deps.passwordHasher.computations;
    await expect(changePassword(change, request)).rejects.toThrow(tooCommon);
    expect(deps.passwordHasher.computations).toBe(computations);
    expect(await stored(deps, ada.id)).toEqual(before);
  });
});
