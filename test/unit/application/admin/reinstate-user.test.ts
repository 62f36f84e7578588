import { describe, expect, it } from 'vitest';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { reinstateUser } from '../../../../src/application/admin/reinstate-user.ts';
import { adaAndJohn, byAdmin, holderOf, stored, suspend } from '../signed-in-users.ts';

describe('reinstateUser', () => {
  it('lifts the suspension: the user signs in again with a new token, the old stays refused', async () => {
    const { deps, ada, john } = await adaAndJohn();
    await suspend(deps, ada, john.id);
    const { request, admin } = await byAdmin(deps, ada);
    const reinstated = await reinstateUser({ admin, id: john.id }, request);
    expect([reinstated.suspension, (await stored(deps, john.id))!.suspension]).toEqual([null, null]);
    const fresh = await signIn(john.credentials, deps.request());
    expect(await holderOf(deps, fresh.token)).toBe(john.id);
    expect(await holderOf(deps, john.token)).toBeNull();
  });

  it('changes nothing for a user who is not suspended', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const before = await stored(deps, john.id);
    const { request, admin } = await byAdmin(deps, ada);
    expect(await reinstateUser({ admin, id: john.id }, request)).toEqual(before);
    expect(await stored(deps, john.id)).toEqual(before);
    expect(await holderOf(deps, john.token)).toBe(john.id);
  });
});
