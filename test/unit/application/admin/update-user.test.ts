import { afterEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { updateUser } from '../../../../src/application/admin/update-user.ts';
import { EmailTakenError } from '../../../../src/domain/errors.ts';
import { adaAndJohn, byAdmin, holderOf, stored } from '../signed-in-users.ts';

afterEach(() => void vi.useRealTimers());

describe('updateUser', () => {
  it('stores the new details, the email normalised; the user signs in with it', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const details = { name: 'Johnny', email: ' Johnny@Doe.COM ' };
    const { request, admin } = await byAdmin(deps, ada);
    const updated = await updateUser({ admin, id: john.id, details }, request);
    expect(updated).toMatchObject({ name: 'Johnny', surname: 'Doe', email: 'johnny@doe.com' });
    expect(await stored(deps, john.id)).toEqual(updated);
    const token = await signIn({ ...john.credentials, email: 'johnny@doe.com' }, deps.request());
    expect(await holderOf(deps, token.token)).toBe(john.id);
  });

  it('refuses an email another user has, in any case, and writes nothing of the change', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const before = await stored(deps, john.id);
    const details = { name: 'Johnny', email: 'ADA@doe.com' };
    const { request, admin } = await byAdmin(deps, ada);
    await expect(updateUser({ admin, id: john.id, details }, request)).rejects.toThrow(EmailTakenError);
    expect(await stored(deps, john.id)).toEqual(before);
  });

  it('changes nothing, not even updatedAt, given the email the user has in another case', async () => {
    const { deps, ada, john } = await adaAndJohn();
    const before = await stored(deps, john.id);
    const { request, admin } = await byAdmin(deps, ada);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    await updateUser({ admin, id: john.id, details: { email: ' JOHN@doe.com' } }, request);
    expect(await stored(deps, john.id)).toEqual(before);
  });
});
