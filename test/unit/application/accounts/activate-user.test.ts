import { describe, expect, it } from 'vitest';
import { activateUser } from '../../../../src/application/accounts/activate-user.ts';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { inMemoryDeps, john, johnsCredentials } from '../../../support/in-memory-deps.ts';

const credentials = { ...johnsCredentials, email: 'JOHN@doe.com ' };

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
