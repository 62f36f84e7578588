import { describe, expect, it } from 'vitest';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deleteUser } from '../../../../src/application/admin/delete-user.ts';
import { adaAndJohn, byAdmin, holderOf, person, stored } from '../signed-in-users.ts';

describe('deleteUser', () => {
  it('removes the user: their token finds no one, their email is free again', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const { request, admin } = await byAdmin(deps, ada);
    expect(await deleteUser({ admin, id: john.id }, request)).toEqual({ id: john.id });
    expect(await stored(deps, john.id)).toBeNull();
    expect(await holderOf(deps, john.token)).toBeNull();
    expect((await createUser(person('john'), deps.request())).email).toBe('john@doe.com');
  });
});
