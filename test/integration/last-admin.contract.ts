import { describe, expect, it } from 'vitest';
import type { UserRepository } from '../../src/application/ports.ts';
import { LastAdminError } from '../../src/domain/errors.ts';
import type { User } from '../../src/domain/user.ts';
import { selfActor, systemActor } from '../../src/domain/user-events.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { aUser, commitAdded, tomorrow, type UserSpec, yesterday } from '../support/user-fixtures.ts';
import type { RepositoryUnderTest } from './user-repository.contract.ts';

const activeAdmins = { role: 'ADMIN', active: true, suspended: false } as const;
const anAdmin = (spec: UserSpec = {}) => aUser({ active: true, role: 'ADMIN', ...spec });

/** Every way a change can take an admin out of "active admins". */
const changes: [string, (user: User, users: UserRepository) => void][] = [
  ['demote', (user) => user.setRole('USER', systemActor)],
  ['suspend until reinstated', (user) => user.suspend('Compromised', null, systemActor)],
  ['suspend until tomorrow', (user) => user.suspend('Compromised', tomorrow(), systemActor)],
  ['deactivate', (user) => user.deactivate(selfActor(user.id))],
  ['remove', (user, users) => users.remove(user, systemActor)],
];

/** A commit that may take an active admin away keeps one. Part of the repository contract. */
export function lastAdminContract(name: string, setup: () => Promise<RepositoryUnderTest>): void {
  describe(`UserRepository contract, keeping an active admin: ${name}`, () => {
    const cleanups = cleanupsAfterEach();
    /** A database of the test's own: whether an active admin is left is a question about every row. */
    async function storing(...users: User[]): Promise<RepositoryUnderTest> {
      const adapter = await setup();
      cleanups.push(() => adapter.teardown());
      await commitAdded(adapter.newUnitOfWork(), ...users);
      return adapter;
    }
    async function changeAndCommit(adapter: RepositoryUnderTest, user: User, change: (user: User, users: UserRepository) => void) {
      const unitOfWork = adapter.newUnitOfWork();
      change((await unitOfWork.users.findById(user.id))!, unitOfWork.users);
      await unitOfWork.commit();
    }
    const activeAdminIds = async (adapter: RepositoryUnderTest) =>
      (await adapter.directory.page({ filter: activeAdmins, order: 'CREATED_AT_ASC', fromEnd: false, limit: 10 })).map(({ id }) => id);

    it.each(changes)('refuses to %s the last active admin, and writes nothing of that commit', async (_, change) => {
      const [admin, bystander, newcomer] = [anAdmin(), aUser(), aUser()];
      const adapter = await storing(admin, bystander);
      const unitOfWork = adapter.newUnitOfWork();
      change((await unitOfWork.users.findById(admin.id))!, unitOfWork.users);
      (await unitOfWork.users.findById(bystander.id))!.update({ name: 'Changed' }, systemActor);
      unitOfWork.users.add(newcomer);
      await expect(unitOfWork.commit()).rejects.toThrow(LastAdminError);
      const users = adapter.newUnitOfWork().users;
      expect({ ...(await users.findById(admin.id)) }).toEqual({ ...admin });
      expect({ ...(await users.findById(bystander.id)) }).toEqual({ ...bystander });
      expect(await users.findById(newcomer.id)).toBeNull();
    });

    it.each(changes)('lets %s an admin while another active admin remains', async (_, change) => {
      const [admin, other] = [anAdmin(), anAdmin()];
      const adapter = await storing(admin, other);
      await changeAndCommit(adapter, admin, change);
      expect(await activeAdminIds(adapter)).toEqual([other.id]);
    });

    it('counts only admins active and unsuspended now: a suspension that has ended counts again', async () => {
      const admin = anAdmin();
      const adapter = await storing(
        admin,
        anAdmin({ active: false }),
        anAdmin({ suspendedUntil: null }),
        anAdmin({ suspendedUntil: tomorrow() }),
        aUser({ active: true }),
      );
      await expect(changeAndCommit(adapter, admin, (user) => user.setRole('USER', systemActor))).rejects.toThrow(LastAdminError);
      const suspensionEnded = anAdmin({ suspendedUntil: yesterday() });
      await commitAdded(adapter.newUnitOfWork(), suspensionEnded);
      await changeAndCommit(adapter, admin, (user) => user.setRole('USER', systemActor));
      expect(await activeAdminIds(adapter)).toEqual([suspensionEnded.id]);
    });

    it('lets the last admin hand over in one commit: promote another, then step down', async () => {
      const [admin, successor] = [anAdmin(), aUser({ active: true })];
      const adapter = await storing(admin, successor);
      const unitOfWork = adapter.newUnitOfWork();
      (await unitOfWork.users.findById(successor.id))!.setRole('ADMIN', systemActor);
      (await unitOfWork.users.findById(admin.id))!.setRole('USER', systemActor);
      await unitOfWork.commit();
      expect(await activeAdminIds(adapter)).toEqual([successor.id]);
    });

    it.each(changes)('checks nothing when the user was no active admin: %s one with no active admin left', async (_, change) => {
      const [inactiveAdmin, suspendedAdmin] = [anAdmin({ active: false }), anAdmin({ suspendedUntil: null })];
      const adapter = await storing(inactiveAdmin, suspendedAdmin);
      for (const admin of [inactiveAdmin, suspendedAdmin]) await changeAndCommit(adapter, admin, change);
      expect(await activeAdminIds(adapter)).toEqual([]);
    });

    it('checks nothing for a user created in the commit: a new admin may be added suspended', async () => {
      const adapter = await storing(aUser({ active: true }));
      await commitAdded(adapter.newUnitOfWork(), anAdmin({ suspendedUntil: null }));
      expect(await activeAdminIds(adapter)).toEqual([]);
    });
  });
}
