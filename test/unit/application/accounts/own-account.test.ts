import { describe, expect, it } from 'vitest';
import { changePassword } from '../../../../src/application/accounts/change-password.ts';
import { deleteMe } from '../../../../src/application/accounts/delete-me.ts';
import { signOutEverywhere } from '../../../../src/application/accounts/sign-out-everywhere.ts';
import { updateMe } from '../../../../src/application/accounts/update-me.ts';
import { deleteUser } from '../../../../src/application/admin/delete-user.ts';
import { setUserRole } from '../../../../src/application/admin/set-user-role.ts';
import { suspendUser } from '../../../../src/application/admin/suspend-user.ts';
import type { SessionUnitOfWork } from '../../../../src/application/sessions/session-store.ts';
import { ConcurrentChangeError, NotAuthenticatedError } from '../../../../src/domain/errors.ts';
import type { User } from '../../../../src/domain/user.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { byAdmin, requestBy, type SignedInRequest, type SignedInUser, signedIn, stored } from '../signed-in-users.ts';

const clientIp = '192.0.2.1';
/** A request as the use cases take it: any unit of work, not only the in-memory one. */
type OwnRequest = Omit<SignedInRequest, 'unitOfWork'> & { unitOfWork: SessionUnitOfWork };

/** Each change of one's own account, as john's request makes it. */
const ownChanges: Record<string, (request: OwnRequest, john: SignedInUser) => Promise<unknown>> = {
  updateMe: (request) => updateMe({ viewer: request.viewer, name: 'Johnny' }, request),
  signOutEverywhere: (request) => signOutEverywhere(request.viewer, request),
  changePassword: (request, { credentials }) =>
    changePassword(
      {
        viewer: request.viewer,
        session: request.session,
        currentPassword: credentials.password,
        newPassword: 'a brand new passphrase',
        clientIp,
      },
      request,
    ),
  deleteMe: (request, { credentials }) => deleteMe({ viewer: request.viewer, password: credentials.password, clientIp }, request),
};

/** What an admin does to john meanwhile. */
const adminChanges: Record<string, (admin: User, id: string) => (request: SignedInRequest) => Promise<unknown>> = {
  deleteUser: (admin, id) => (request) => deleteUser({ admin, id }, request),
  suspendUser: (admin, id) => (request) => suspendUser({ admin, id, reason: 'Spam', until: null }, request),
  setUserRole: (admin, id) => (request) => setUserRole({ admin, id, role: 'ADMIN' }, request),
};

/** A lost race answers as the next request would: signed out, or (a new role) retry. */
const lostTo = (adminChange: string) => (adminChange === 'setUserRole' ? ConcurrentChangeError : NotAuthenticatedError);

/**
 * John's request, with the admin's change landing once john's account is loaded: as the password
 * check starts (the address limit is counted first), or just before the commit.
 */
function meanwhile(request: SignedInRequest, moment: string, change: () => Promise<void>): OwnRequest {
  const afterChange = async <T>(then: () => Promise<T>): Promise<T> => {
    await change();
    return then();
  };
  if (moment === 'before its commit') {
    const { unitOfWork } = request;
    const { users, sessions } = unitOfWork;
    return { ...request, unitOfWork: { users, sessions, commit: () => afterChange(() => unitOfWork.commit()) } };
  }
  const perIp = request.rateLimits.credentialFailuresPerIp;
  const credentialFailuresPerIp = {
    consume: (key: string) => afterChange(() => perIp.consume(key)),
    refund: (key: string) => perIp.refund(key),
    reset: (key: string) => perIp.reset(key),
  };
  return { ...request, rateLimits: { ...request.rateLimits, credentialFailuresPerIp } };
}

const windows = [
  ['updateMe', 'before its commit'],
  ['signOutEverywhere', 'before its commit'],
  ['changePassword', 'as its password check starts'],
  ['changePassword', 'before its commit'],
  ['deleteMe', 'as its password check starts'],
  ['deleteMe', 'before its commit'],
] as const;

describe.each(Object.keys(adminChanges))('a change of one’s own account that an admin’s %s overtook', (adminChange) => {
  it.each(windows)('%s, overtaken %s, answers as the next request would and writes nothing', async (own, moment) => {
    const deps = await inMemoryDeps();
    const [ada, john] = [await signedIn(deps, 'ada', 'ADMIN'), await signedIn(deps, 'john')];
    let left: User | null = null;
    const request = meanwhile(await requestBy(deps, john.token), moment, async () => {
      const { request: byAda, admin } = await byAdmin(deps, ada);
      await adminChanges[adminChange]!(admin, john.id)(byAda);
      left = await stored(deps, john.id);
    });
    await expect(ownChanges[own]!(request, john)).rejects.toThrow(lostTo(adminChange));
    expect(await stored(deps, john.id)).toEqual(left);
    // A password checked against the account as loaded: no failed sign-in of an account that vanished.
    expect(await deps.auditTrail.page({ types: ['SignInFailed'], limit: 1 })).toEqual([]);
  });
});
