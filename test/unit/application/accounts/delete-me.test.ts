import { describe, expect, it } from 'vitest';
import { createUser } from '../../../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { deleteMe } from '../../../../src/application/accounts/delete-me.ts';
import { signIn } from '../../../../src/application/accounts/sign-in.ts';
import { InvalidCredentialsError, NotAuthenticatedError, UserNotFoundError } from '../../../../src/domain/errors.ts';
import { systemActor } from '../../../../src/domain/user-events.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { holderOf, person, requestBy, signedIn, stored } from '../signed-in-users.ts';

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
