import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/application/accounts/create-user.ts';
import { deactivateUser } from '../../src/application/accounts/deactivate-user.ts';
import { deleteUser } from '../../src/application/admin/delete-user.ts';
import { grantAdmin } from '../../src/application/admin/grant-admin.ts';
import { reinstateUser } from '../../src/application/admin/reinstate-user.ts';
import { setUserRole } from '../../src/application/admin/set-user-role.ts';
import { suspendUser } from '../../src/application/admin/suspend-user.ts';
import { updateUser } from '../../src/application/admin/update-user.ts';
import { LastAdminError } from '../../src/domain/errors.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { type OutboxUnderTest, said, useCaseDeps } from './outbox.contract.ts';

type Deps = Awaited<ReturnType<typeof useCaseDeps>>;

/** An admin made as the first one is: signed up, then `admin:grant` (by the system) while still inactive. */
async function grantedAdmin(deps: Deps) {
  const someone = deps.person();
  const { id } = await createUser(someone, deps.request());
  await grantAdmin(someone.email, deps.request());
  return { id, ...someone };
}

/** Part of the outbox contract: what the admin use cases write, by whom, and what a refusal does not. */
export function adminContract(adapter: () => OutboxUnderTest, deps: () => Deps, setup: () => Promise<OutboxUnderTest>): void {
  const rowsAbout = async (on: OutboxUnderTest, userId: string) => (await on.auditTrail.page({ userId, limit: 100 })).reverse();

  describe('what admins do', () => {
    const cleanups = cleanupsAfterEach();

    it('is written with the admin as actor; UserDeleted outlives the deleted row', async () => {
      const admin = await grantedAdmin(deps());
      const user = await deps().activeUser();
      const by = async () => {
        const request = await deps().requestBy(admin.id);
        return { request, admin: request.viewer };
      };
      const newEmail = `new-${user.email}`;
      const until = new Date('2031-01-02T03:04:05.678Z');
      let { request, admin: viewer } = await by();
      await updateUser({ admin: viewer, id: user.id, details: { email: newEmail.toUpperCase() } }, request);
      ({ request, admin: viewer } = await by());
      await suspendUser({ admin: viewer, id: user.id, reason: 'Chargeback', until }, request);
      ({ request, admin: viewer } = await by());
      await reinstateUser({ admin: viewer, id: user.id }, request);
      ({ request, admin: viewer } = await by());
      await setUserRole({ admin: viewer, id: user.id, role: 'ADMIN' }, request);
      ({ request, admin: viewer } = await by());
      await deleteUser({ admin: viewer, id: user.id }, request);

      expect(await deps().request().unitOfWork.users.findById(user.id)).toBeNull();
      const [self, byAdmin] = [
        { kind: 'SELF', id: user.id },
        { kind: 'ADMIN', id: admin.id },
      ];
      const row = (type: string, actor: object, payload: object = {}) => ({ type, userId: user.id, actor, payload, clientAddress: null });
      expect((await rowsAbout(adapter(), user.id)).map(said)).toEqual([
        row('UserCreated', self, { email: user.email, name: 'Ada', surname: 'Lovelace', role: 'USER' }),
        row('UserActivated', self),
        row('UserUpdated', byAdmin, { changed: ['email'], email: newEmail }),
        row('UserSuspended', byAdmin, { reason: 'Chargeback', until: until.toISOString() }),
        row('UserReinstated', byAdmin),
        row('RoleChanged', byAdmin, { from: 'USER', to: 'ADMIN' }),
        row('UserDeleted', byAdmin),
      ]);
      const system = { kind: 'SYSTEM' };
      expect((await rowsAbout(adapter(), admin.id)).map(({ type, actor, payload }) => ({ type, actor, payload }))).toEqual([
        {
          type: 'UserCreated',
          actor: { kind: 'SELF', id: admin.id },
          payload: { email: admin.email, name: 'Ada', surname: 'Lovelace', role: 'USER' },
        },
        { type: 'UserActivated', actor: system, payload: {} },
        { type: 'RoleChanged', actor: system, payload: { from: 'USER', to: 'ADMIN' } },
      ]);
      const byThisAdmin = await adapter().auditTrail.page({ actorId: admin.id, limit: 100 });
      expect(byThisAdmin.map(({ type, userId }) => [type, userId]).reverse()).toEqual([
        ['UserCreated', admin.id],
        ['UserUpdated', user.id],
        ['UserSuspended', user.id],
        ['UserReinstated', user.id],
        ['RoleChanged', user.id],
        ['UserDeleted', user.id],
      ]);
    });

    it('a LastAdminError refusal writes none of its events', async () => {
      // A database of the test's own: whether an admin is left is a question about every row.
      const fresh = await setup();
      cleanups.push(() => fresh.teardown());
      const on = await useCaseDeps(() => fresh);
      const ada = await grantedAdmin(on);
      const written = await rowsAbout(fresh, ada.id);
      const request = await on.requestBy(ada.id);
      await expect(deleteUser({ admin: request.viewer, id: ada.id }, request)).rejects.toThrow(LastAdminError);
      const demoting = await on.requestBy(ada.id);
      await expect(setUserRole({ admin: demoting.viewer, id: ada.id, role: 'USER' }, demoting)).rejects.toThrow(LastAdminError);
      await expect(deactivateUser(on.credentials(ada), on.request())).rejects.toThrow(LastAdminError);
      expect(await rowsAbout(fresh, ada.id)).toEqual(written);
      expect(written.map(({ type }) => type)).toEqual(['UserCreated', 'UserActivated', 'RoleChanged']);
    });
  });
}
