import { describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { InvalidCredentialsError, UserNotFoundError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps, john, johnsCredentials } from '../../../support/in-memory-deps.ts';

const credentials = { ...johnsCredentials, email: 'JOHN@doe.com ' };

for (const [name, changeActivation] of [
  ['activateUser', activateUser],
  ['deactivateUser', deactivateUser],
] as const) {
  describe(`${name}: credential checks`, () => {
    it('answers UserNotFoundError for an unknown email', async () => {
      const deps = await inMemoryDeps();
      await expect(changeActivation({ ...credentials, email: 'nobody@doe.com' }, deps.request())).rejects.toThrow(UserNotFoundError);
    });

    it('answers InvalidCredentialsError for a wrong password, and changes nothing', async () => {
      const deps = await inMemoryDeps();
      const user = await createUser(john, deps.request());
      await activateUser(credentials, deps.request());
      const before = await deps.request().unitOfWork.users.findById(user.id);
      await expect(changeActivation({ ...credentials, password: 'wrong password' }, deps.request())).rejects.toThrow(
        InvalidCredentialsError,
      );
      expect(await deps.request().unitOfWork.users.findById(user.id)).toEqual(before);
    });
  });
}

describe('activateUser and deactivateUser', () => {
  it('go through the lifecycle and persist each step', async () => {
    const deps = await inMemoryDeps();
    const { id } = await createUser(john, deps.request());
    const stored = async () => (await deps.request().unitOfWork.users.findById(id))?.active;

    expect((await activateUser(credentials, deps.request())).active).toBe(true);
    expect(await stored()).toBe(true);
    expect((await deactivateUser(credentials, deps.request())).active).toBe(false);
    expect(await stored()).toBe(false);
    expect((await activateUser(credentials, deps.request())).active).toBe(true);
    expect(await stored()).toBe(true);
  });

  it('are idempotent: a repeated call succeeds and changes nothing', async () => {
    const deps = await inMemoryDeps();
    await createUser(john, deps.request());
    const inactive = await deactivateUser(credentials, deps.request());
    expect(inactive.active).toBe(false);
    const active = await activateUser(credentials, deps.request());
    const again = await activateUser(credentials, deps.request());
    expect(again.active).toBe(true);
    expect(again.updatedAt).toEqual(active.updatedAt);
  });
});
