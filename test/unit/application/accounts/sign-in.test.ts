import { describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { currentUser } from '../../../../src/application/accounts/current-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { InvalidCredentialsError, UserInactiveError, UserNotFoundError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps, john, johnsCredentials } from '../../../support/in-memory-deps.ts';

const credentials = johnsCredentials;

describe('signIn', () => {
  it('tells an unknown email, a wrong password and an inactive user apart', async () => {
    const deps = await inMemoryDeps();
    await createUser(john, deps.request());
    await expect(signIn({ ...credentials, email: 'jane@doe.com' }, deps.request())).rejects.toThrow(UserNotFoundError);
    await expect(signIn({ ...credentials, password: 'wrong!' }, deps.request())).rejects.toThrow(InvalidCredentialsError);
    await expect(signIn(credentials, deps.request())).rejects.toThrow(UserInactiveError);
  });

  it('checks the password before telling that the user is inactive', async () => {
    const deps = await inMemoryDeps();
    await createUser(john, deps.request());
    await expect(signIn({ ...credentials, password: 'wrong!' }, deps.request())).rejects.toThrow(InvalidCredentialsError);
  });

  it('issues a token for the user that `currentUser` resolves back to the user', async () => {
    const deps = await inMemoryDeps();
    const user = await createUser(john, deps.request());
    await activateUser(credentials, deps.request());
    const before = Date.now();
    const result = await signIn({ ...credentials, email: ' John@Doe.com' }, deps.request());
    expect(result.user.id).toBe(user.id);
    expect(result.expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(result.expiresAt.getTime()).toBeLessThanOrEqual(before + 3600_000);
    expect((await currentUser(result.token, deps.request()))?.user.id).toBe(user.id);
  });
});
