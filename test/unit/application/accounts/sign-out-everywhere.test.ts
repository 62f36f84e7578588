import { describe, expect, it } from 'vitest';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { signOutEverywhere } from '../../../../src/application/accounts/sign-out-everywhere.ts';
import { NotAuthenticatedError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { holderOf, requestBy, signedIn, stored } from '../signed-in-users.ts';

describe('signOutEverywhere', () => {
  it('refuses every token issued so far, the caller’s too; a new sign-in works', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const jane = await signedIn(deps, 'jane');
    const other = await signIn(john.credentials, deps.request());
    const before = Date.now();
    const request = await requestBy(deps, john.token);
    const { revokedAt } = await signOutEverywhere(request.viewer, request);
    expect(revokedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(revokedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect([await holderOf(deps, john.token), await holderOf(deps, other.token)]).toEqual([null, null]);
    expect(await holderOf(deps, jane.token)).toBe(jane.id);
    const fresh = await signIn(john.credentials, deps.request());
    expect(await holderOf(deps, fresh.token)).toBe(john.id);
  });

  it('refuses, changing nothing, when the caller’s tokens were revoked after the caller was read', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    const meanwhile = await requestBy(deps, john.token);
    await signOutEverywhere(meanwhile.viewer, meanwhile);
    const revoked = await stored(deps, john.id);
    await expect(signOutEverywhere(request.viewer, request)).rejects.toThrow(NotAuthenticatedError);
    expect(await stored(deps, john.id)).toEqual(revoked);
  });
});
