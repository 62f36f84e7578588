import { describe, expect, it } from 'vitest';
import { deactivateUser } from '../../../../src/application/accounts/deactivate-user.ts';
import { deleteMe } from '../../../../src/application/accounts/delete-me.ts';
import { deleteUser } from '../../../../src/application/admin/delete-user.ts';
import { setUserRole } from '../../../../src/application/admin/set-user-role.ts';
import { suspendUser } from '../../../../src/application/admin/suspend-user.ts';
import { LastAdminError } from '../../../../src/domain/errors.ts';
import { User } from '../../../../src/domain/user.ts';
import { adminActor, selfActor, systemActor } from '../../../../src/domain/user-events.ts';
import { inMemoryDeps } from '../../../support/in-memory-deps.ts';
import { type Deps, holderOf, requestBy, type SignedInUser, signedIn, stored } from '../signed-in-users.ts';

/** Each way an admin can take themself out of the active admins. */
const stepsDown: [string, (deps: Deps, admin: SignedInUser) => Promise<unknown>][] = [
  [
    'demote themself',
    async (deps, admin) => {
      const request = await requestBy(deps, admin.token);
      return setUserRole({ admin: request.viewer, id: admin.id, role: 'USER' }, request);
    },
  ],
  ['deactivate themself', async (deps, admin) => deactivateUser(admin.credentials, deps.request())],
  [
    'delete themself (deleteMe)',
    async (deps, admin) => {
      const request = await requestBy(deps, admin.token);
      return deleteMe({ viewer: request.viewer, password: admin.credentials.password, clientIp: '192.0.2.1' }, request);
    },
  ],
  [
    'delete themself (deleteUser)',
    async (deps, admin) => {
      const request = await requestBy(deps, admin.token);
      return deleteUser({ admin: request.viewer, id: admin.id }, request);
    },
  ],
];

describe('the last active admin', () => {
  it.each(stepsDown)('may not %s: LastAdminError, and nothing written', async (_, stepDown) => {
    const deps = await inMemoryDeps();
    const ada = await signedIn(deps, 'ada', 'ADMIN');
    await signedIn(deps, 'john');
    const before = await stored(deps, ada.id);
    await expect(stepDown(deps, ada)).rejects.toThrow(LastAdminError);
    expect(await stored(deps, ada.id)).toEqual(before);
    expect(await holderOf(deps, ada.token)).toBe(ada.id);
  });

  it.each(stepsDown)('may %s while another active admin remains', async (_, stepDown) => {
    const deps = await inMemoryDeps();
    const ada = await signedIn(deps, 'ada', 'ADMIN');
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    await stepDown(deps, ada);
    expect((await stored(deps, ada.id))?.isActiveAdmin() ?? false).toBe(false);
    expect((await stored(deps, bea.id))!.isActiveAdmin()).toBe(true);
  });

  it('is counted without inactive or suspended admins', async () => {
    const deps = await inMemoryDeps();
    const ada = await signedIn(deps, 'ada', 'ADMIN');
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    const cid = await signedIn(deps, 'cid', 'ADMIN');
    await deactivateUser(bea.credentials, deps.request());
    const request = await requestBy(deps, ada.token);
    await suspendUser({ admin: request.viewer, id: cid.id, reason: 'Spam', until: null }, request);
    await expect(setUserRole({ admin: request.viewer, id: ada.id, role: 'USER' }, deps.request())).rejects.toThrow(LastAdminError);
    expect((await stored(deps, ada.id))!.role).toBe('ADMIN');
  });

  it('cannot be demoted, suspended or deleted by an admin who has since lost the role', async () => {
    const deps = await inMemoryDeps();
    const ada = await signedIn(deps, 'ada', 'ADMIN');
    const bea = await signedIn(deps, 'bea', 'ADMIN');
    // Ada's request read her as an admin; Bea demotes her before it commits.
    const { viewer: adaAsSheWas } = await requestBy(deps, ada.token);
    const beasRequest = await requestBy(deps, bea.token);
    await setUserRole({ admin: beasRequest.viewer, id: ada.id, role: 'USER' }, beasRequest);
    const before = await stored(deps, bea.id);
    const suspendBea = suspendUser({ admin: adaAsSheWas, id: bea.id, reason: 'Spam', until: null }, deps.request());
    await expect(suspendBea).rejects.toThrow(LastAdminError);
    await expect(setUserRole({ admin: adaAsSheWas, id: bea.id, role: 'USER' }, deps.request())).rejects.toThrow(LastAdminError);
    await expect(deleteUser({ admin: adaAsSheWas, id: bea.id }, deps.request())).rejects.toThrow(LastAdminError);
    expect(await stored(deps, bea.id)).toEqual(before);
  });
});

describe('a service with no active admin', () => {
  it('still lets a user deactivate themself', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    expect((await deactivateUser(john.credentials, deps.request())).active).toBe(false);
    expect((await stored(deps, john.id))!.active).toBe(false);
  });

  it('still lets a user delete themself', async () => {
    const deps = await inMemoryDeps();
    const john = await signedIn(deps, 'john');
    const request = await requestBy(deps, john.token);
    await deleteMe({ viewer: request.viewer, password: john.credentials.password, clientIp: '192.0.2.1' }, request);
    expect(await stored(deps, john.id)).toBeNull();
  });
});

describe('which changes may take an active admin away (User.mayTakeAnAdminAway)', () => {
  const details = { name: 'Ada', surname: 'Doe', email: 'ada@doe.com', passwordHash: '$argon2id$hash' };
  const bea = adminActor('6f1c1f7e-3d3e-4a43-9b55-0c6b3a1f2e10');
  /** A user as loaded from storage: its state committed, nothing recorded since. */
  function stored(state: { admin?: boolean; active?: boolean; suspended?: boolean }): User {
    const user = new User(details);
    if (state.active) user.activate(selfActor(user.id));
    if (state.admin) user.setRole('ADMIN', systemActor);
    if (state.suspended) user.suspend('Spam', null, bea);
    user.clearRecordedEvents();
    return user;
  }
  const takingAway: [string, (user: User) => void][] = [
    ['demoted', (user) => user.setRole('USER', bea)],
    ['suspended', (user) => user.suspend('Spam', null, bea)],
    ['deactivated', (user) => user.deactivate(selfActor(user.id))],
    ['deleted', (user) => user.recordDeletion(bea)],
  ];

  it.each(takingAway)('an active admin %s: yes, until the commit clears the events', (_, change) => {
    const admin = stored({ admin: true, active: true });
    change(admin);
    expect(admin.mayTakeAnAdminAway()).toBe(true);
    admin.clearRecordedEvents();
    expect(admin.mayTakeAnAdminAway()).toBe(false);
  });

  it.each(takingAway)('a user who was no active admin (a USER, an inactive or a suspended admin) %s: no', (_, change) => {
    for (const user of [stored({ active: true }), stored({ admin: true }), stored({ admin: true, active: true, suspended: true })]) {
      change(user);
      expect(user.mayTakeAnAdminAway()).toBe(false);
    }
  });

  it('a user created since the last commit: no, whatever it became meanwhile', () => {
    const user = new User(details);
    user.activate(selfActor(user.id));
    user.setRole('ADMIN', systemActor);
    user.suspend('Spam', null, bea);
    expect(user.mayTakeAnAdminAway()).toBe(false);
  });

  it('changes that take no admin away: no', () => {
    const admin = stored({ admin: true, active: true });
    admin.update({ name: 'Augusta' }, bea);
    admin.signIn(selfActor(admin.id));
    admin.revokeTokens(selfActor(admin.id));
    expect(admin.mayTakeAnAdminAway()).toBe(false);
  });

  it('a demotion taken back in the same commit: yes, the commit checks anyway', () => {
    const admin = stored({ admin: true, active: true });
    admin.setRole('USER', bea);
    admin.setRole('ADMIN', bea);
    expect(admin.mayTakeAnAdminAway()).toBe(true);
  });
});
