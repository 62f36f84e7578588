import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { updateMe } from '../../../../src/application/accounts/update-me.ts';
import { NotAuthenticatedError } from '../../../../src/domain/errors.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { holderOf, requestBy, signedIn, stored } from '../signed-in-users.ts';

describe('updateMe', () => {
  // A frozen clock, moved by hand: a stamp that moved cannot be mistaken for one that stayed.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => void vi.useRealTimers());
  const aMinuteLater = () => {
    vi.setSystemTime(Date.now() + 60_000);
    return new Date();
  };

  it('stores a new name, stamps updatedAt, keeps the surname left out and the token valid', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    const now = aMinuteLater();
    const updated = await updateMe({ viewer: request.viewer, name: 'Johnny' }, request);
    expect([updated.name, updated.surname, updated.updatedAt]).toEqual(['Johnny', 'Doe', now]);
    expect(await stored(deps, john.id)).toMatchObject({ name: 'Johnny', surname: 'Doe', email: 'john@doe.com', updatedAt: now });
    expect(await holderOf(deps, john.token)).toBe(john.id);
  });

  it('changes nothing, not even updatedAt, given the name and surname the user has', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const before = await stored(deps, john.id);
    const request = await requestBy(deps, john.token);
    aMinuteLater();
    await updateMe({ viewer: request.viewer, name: 'john', surname: 'Doe' }, request);
    expect(await stored(deps, john.id)).toEqual(before);
  });

  it('refuses, changing nothing, when the caller was deactivated after being read', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    const deactivated = await deactivateUser(john.credentials, deps.request());
    await expect(updateMe({ viewer: request.viewer, name: 'Johnny' }, request)).rejects.toThrow(NotAuthenticatedError);
    expect(await stored(deps, john.id)).toEqual(deactivated);
  });

  it('applies every change of one request (a document of several fields), each on the one before', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    await updateMe({ viewer: request.viewer, name: 'Johnny' }, request);
    const updated = await updateMe({ viewer: request.viewer, surname: 'Dough' }, request);
    expect([updated.name, updated.surname, updated.version]).toEqual(['Johnny', 'Dough', 4]);
    expect(await stored(deps, john.id)).toEqual(updated);
  });

  it('is not refused for a change meanwhile that leaves the caller signed in', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    const meanwhile = await requestBy(deps, john.token);
    await updateMe({ viewer: meanwhile.viewer, name: 'Johnny' }, meanwhile);
    expect(await updateMe({ viewer: request.viewer, surname: 'Dough' }, request)).toMatchObject({ name: 'Johnny', surname: 'Dough' });
  });
});
