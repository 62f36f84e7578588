import { describe, expect, it } from 'vitest';
import { setUserRole } from '../../../../src/application/admin/set-user-role.ts';
import { adaAndJohn, byAdmin, requestBy, signedIn, stored } from '../signed-in-users.ts';

describe('setUserRole', () => {
  it('makes a user an admin, seen on the next request with the same token', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const { request, admin } = await byAdmin(deps, ada);
    expect((await setUserRole({ admin, id: john.id, role: 'ADMIN' }, request)).role).toBe('ADMIN');
    expect((await requestBy(deps, john.token)).viewer.role).toBe('ADMIN');
  });

  it('makes an admin a user again while another active admin remains', async () => {
    const { deps, ada } = await adaAndJohn();
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    const { request, admin } = await byAdmin(deps, ada);
    await setUserRole({ admin, id: bea.id, role: 'USER' }, request);
    expect((await stored(deps, bea.id))!.role).toBe('USER');
  });
});
