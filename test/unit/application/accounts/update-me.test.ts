import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { deleteMe } from '../../../../src/application/accounts/delete-me.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { signOutEverywhere } from '../../../../src/application/accounts/sign-out-everywhere.ts';
import { updateMe } from '../../../../src/application/accounts/update-me.ts';
import { InvalidCredentialsError, NotAuthenticatedError, UserNotFoundError } from '../../../../src/domain/errors.ts';
import { systemActor } from '../../../../src/domain/user-events.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { holderOf, person, requestBy, signedIn, stored } from '../signed-in-users.ts';

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

describe('deleteMe', () => {
  it('refuses a wrong password and keeps the account and its token', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const before = await stored(deps, john.id);
    const request = await requestBy(deps, john.token);
    await expect(deleteMe({ viewer: request.viewer, password: 'wrong password', clientIp: '192.0.2.1' }, request)).rejects.toThrow(
      InvalidCredentialsError,
    );
    expect(await stored(deps, john.id)).toEqual(before);
    expect(await holderOf(deps, john.token)).toBe(john.id);
  });

  it('removes the account: its token finds no one, and its email can sign up again', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    expect(await deleteMe({ viewer: request.viewer, password: john.credentials.password, clientIp: '192.0.2.1' }, request)).toEqual({
      id: john.id,
    });
    expect(await stored(deps, john.id)).toBeNull();
    expect(await holderOf(deps, john.token)).toBeNull();
    await expect(signIn(john.credentials, deps.request())).rejects.toThrow(UserNotFoundError);
    const again = await createUser({ ...person('john'), name: 'Johann' }, deps.request());
    expect([again.id === john.id, again.email, again.active]).toEqual([false, 'john@doe.com', false]);
  });
  it('refuses another account’s password when the email moved to that account while the check waited', async () => {
    const deps = await inMemoryDeps();
    const [john, jane] = [await signedIn(deps, 'john'), await signedIn(deps, 'jane')];
    const request = await requestBy(deps, john.token);
    const moveEmail = async (id: string, email: string) => {
      const unitOfWork = deps.request().unitOfWork;
      (await unitOfWork.users.findById(id))!.update({ email }, systemActor);
      await unitOfWork.commit();
    };
    const perIp = request.rateLimits.credentialFailuresPerIp;
    // An admin gives john's email to jane while john's check waits on the address limit.
    const waiting = {
      ...request,
      rateLimits: {
        ...request.rateLimits,
        credentialFailuresPerIp: {
          consume: async (key: string) => {
            await moveEmail(john.id, 'johnny@doe.com');
            await moveEmail(jane.id, 'john@doe.com');
            await perIp.consume(key);
          },
          refund: (key: string) => perIp.refund(key),
          reset: (key: string) => perIp.reset(key),
        },
      },
    };
    await expect(deleteMe({ viewer: request.viewer, password: jane.credentials.password, clientIp: '192.0.2.1' }, waiting)).rejects.toThrow(
      InvalidCredentialsError,
    );
    expect([(await stored(deps, john.id))?.email, (await stored(deps, jane.id))?.email]).toEqual(['johnny@doe.com', 'john@doe.com']);
  });

  it('refuses, deleting nothing, when the caller was deactivated after being read, even with the right password', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    const deactivated = await deactivateUser(john.credentials, deps.request());
    await expect(deleteMe({ viewer: request.viewer, password: john.credentials.password, clientIp: '192.0.2.1' }, request)).rejects.toThrow(
      NotAuthenticatedError,
    );
    expect(await stored(deps, john.id)).toEqual(deactivated);
  });
});
