import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { deleteUser } from '../../../../src/application/admin/delete-user.ts';
import { grantAdmin } from '../../../../src/application/admin/grant-admin.ts';
import { reinstateUser } from '../../../../src/application/admin/reinstate-user.ts';
import { setUserRole } from '../../../../src/application/admin/set-user-role.ts';
import { suspendUser } from '../../../../src/application/admin/suspend-user.ts';
import { updateUser } from '../../../../src/application/admin/update-user.ts';
import { userById } from '../../../../src/application/admin/user-by-id.ts';
import { EmailTakenError, UserNotFoundError, UserSuspendedError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { byAdmin, holderOf, person, requestBy, type SignedInRequest, signedIn, stored } from '../signed-in-users.ts';

afterEach(() => void vi.useRealTimers());

async function setUp() {
  const deps = await inMemoryDeps();
  return { deps, ada: await signedIn(deps, 'ada', 'ADMIN'), john: await signedIn(deps, 'john') };
}

describe('admin use cases, given an unknown id', () => {
  const unknown = randomUUID();
  it.each([
    ['userById', (request: SignedInRequest) => userById(unknown, request.unitOfWork)],
    ['updateUser', (request: SignedInRequest) => updateUser({ admin: request.viewer, id: unknown, details: { name: 'X' } }, request)],
    [
      'suspendUser',
      (request: SignedInRequest) => suspendUser({ admin: request.viewer, id: unknown, reason: 'Spam', until: null }, request),
    ],
    ['reinstateUser', (request: SignedInRequest) => reinstateUser({ admin: request.viewer, id: unknown }, request)],
    ['setUserRole', (request: SignedInRequest) => setUserRole({ admin: request.viewer, id: unknown, role: 'ADMIN' }, request)],
    ['deleteUser', (request: SignedInRequest) => deleteUser({ admin: request.viewer, id: unknown }, request)],
  ])('%s answers UserNotFoundError("No user has this id")', async (_, useCase) => {
    const { deps, ada } = await setUp();
    await expect(useCase(await requestBy(deps, ada.token))).rejects.toThrow(new UserNotFoundError('No user has this id'));
  });
});

describe('updateUser', () => {
  it('stores the new details, the email normalised; the user signs in with it', async () => {
    const { deps, ada, john } = await setUp();
    const details = { name: 'Johnny', email: ' Johnny@Doe.COM ' };
    const { request, admin } = await byAdmin(deps, ada);
    const updated = await updateUser({ admin, id: john.id, details }, request);
    expect(updated).toMatchObject({ name: 'Johnny', surname: 'Doe', email: 'johnny@doe.com' });
    expect(await stored(deps, john.id)).toEqual(updated);
    const token = await signIn({ ...john.credentials, email: 'johnny@doe.com' }, deps.request());
    expect(await holderOf(deps, token.token)).toBe(john.id);
  });

  it('refuses an email another user has, in any case, and writes nothing of the change', async () => {
    const { deps, ada, john } = await setUp();
    const before = await stored(deps, john.id);
    const details = { name: 'Johnny', email: 'ADA@doe.com' };
    const { request, admin } = await byAdmin(deps, ada);
    await expect(updateUser({ admin, id: john.id, details }, request)).rejects.toThrow(EmailTakenError);
    expect(await stored(deps, john.id)).toEqual(before);
  });

  it('changes nothing, not even updatedAt, given the email the user has in another case', async () => {
    const { deps, ada, john } = await setUp();
    const before = await stored(deps, john.id);
    const { request, admin } = await byAdmin(deps, ada);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    await updateUser({ admin, id: john.id, details: { email: ' JOHN@doe.com' } }, request);
    expect(await stored(deps, john.id)).toEqual(before);
  });
});

describe('setUserRole', () => {
  it('makes a user an admin, seen on the next request with the same token', async () => {
    const { deps, ada, john } = await setUp();
    const { request, admin } = await byAdmin(deps, ada);
    expect((await setUserRole({ admin, id: john.id, role: 'ADMIN' }, request)).role).toBe('ADMIN');
    expect((await requestBy(deps, john.token)).viewer.role).toBe('ADMIN');
  });

  it('makes an admin a user again while another active admin remains', async () => {
    const { deps, ada } = await setUp();
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    const { request, admin } = await byAdmin(deps, ada);
    await setUserRole({ admin, id: bea.id, role: 'USER' }, request);
    expect((await stored(deps, bea.id))!.role).toBe('USER');
  });
});

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
    const { deps, ada, john } = await setUp();
    const request = await requestBy(deps, ada.token);
    await suspendUser({ admin: request.viewer, id: john.id, reason: 'Spam', until: null }, request);
    const before = await stored(deps, john.id);
    await expect(grantAdmin('john@doe.com', deps.request())).rejects.toThrow(UserSuspendedError);
    expect(await stored(deps, john.id)).toEqual(before);
  });
});

describe('deleteUser', () => {
  it('removes the user: their token finds no one, their email is free again', async () => {
    const { deps, ada, john } = await setUp();
    const { request, admin } = await byAdmin(deps, ada);
    expect(await deleteUser({ admin, id: john.id }, request)).toEqual({ id: john.id });
    expect(await stored(deps, john.id)).toBeNull();
    expect(await holderOf(deps, john.token)).toBeNull();
    expect((await createUser(person('john'), deps.request())).email).toBe('john@doe.com');
  });
});
