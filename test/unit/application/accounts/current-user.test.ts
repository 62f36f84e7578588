import { describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { currentUser } from '../../../../src/application/accounts/current-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { inMemoryDeps, john, johnsCredentials } from '../../../support/in-memory-deps.ts';

const credentials = johnsCredentials;

describe('token revocation', () => {
  it('refuses every token issued before a deactivation, even after activating again', async () => {
    const deps = await inMemoryDeps();
    await createUser(john, deps.request());
    await activateUser(johnsCredentials, deps.request());
    const before = await signIn(johnsCredentials, deps.request());
    await deactivateUser(johnsCredentials, deps.request());
    await activateUser(johnsCredentials, deps.request());
    expect(await currentUser(before.token, deps.request())).toBeNull();
    const after = await signIn(johnsCredentials, deps.request());
    expect((await currentUser(after.token, deps.request()))?.user.email).toBe('john@doe.com');
  });
});

describe('currentUser', () => {
  it('is null without a token, with a bad token, and once the user is deactivated', async () => {
    const deps = await inMemoryDeps();
    await createUser(john, deps.request());
    await activateUser(credentials, deps.request());
    const { token } = await signIn(credentials, deps.request());
    expect(await currentUser(null, deps.request())).toBeNull();
    expect(await currentUser(`${token}x`, deps.request())).toBeNull();
    await deactivateUser(credentials, deps.request());
    expect(await currentUser(token, deps.request())).toBeNull();
  });
});
