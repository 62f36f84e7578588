import { describe, expect, it } from 'vitest';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { grantAdmin } from '../../../../src/application/admin/grant-admin.ts';
import { suspendUser } from '../../../../src/application/admin/suspend-user.ts';
import { UserNotFoundError, UserSuspendedError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { adaAndJohn, person, requestBy, stored } from '../signed-in-users.ts';

describe('grantAdmin', () => {
  it('makes an inactive user an active ADMIN, found by the email in any case', async () => {
    const deps = await inMemoryDeps();
    const { id } = await createUser(person('john'), deps.request());
    const granted = await grantAdmin('  JOHN@Doe.com ', deps.request());
    expect([granted.id, granted.active, granted.role]).toEqual([id, true, 'ADMIN']);
    expect((await stored(deps, id))!.isActiveAdmin()).toBe(true);
  });

  it('answers UserNotFoundError for an unknown email', async () => {
    const deps = await inMemoryDeps();
    await expect(grantAdmin('ghost@doe.com', deps.request())).rejects.toThrow(new UserNotFoundError('No user has this email'));
  });

  it('refuses a suspended user with UserSuspendedError, and writes nothing', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const request = await requestBy(deps, ada.token);
    await suspendUser({ admin: request.viewer, id: john.id, reason: 'Spam', until: null }, request);
    const before = await stored(deps, john.id);
    await expect(grantAdmin('john@doe.com', deps.request())).rejects.toThrow(UserSuspendedError);
    expect(await stored(deps, john.id)).toEqual(before);
  });
});
