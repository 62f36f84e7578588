import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitOfWork, UserDirectory, UserReader } from '../../src/application/ports.ts';
import { ConcurrentChangeError, EmailTakenError } from '../../src/domain/errors.ts';
import { User } from '../../src/domain/user.ts';
import { selfActor, systemActor } from '../../src/domain/user-events.ts';
import { lastAdminContract } from './last-admin.contract.ts';
import { userListContract } from './user-list.contract.ts';

export interface RepositoryUnderTest {
  newUnitOfWork(): UnitOfWork;
  /** The same storage's reads outside any unit of work: the caller's, and the admins' queries. */
  reader: UserReader;
  directory: UserDirectory;
  teardown(): Promise<void>;
}

/** What every UserRepository + UnitOfWork + UserReader + UserDirectory adapter must do; run once per adapter. */
export function userRepositoryContract(name: string, setup: () => Promise<RepositoryUnderTest>): void {
  describe(`UserRepository contract: ${name}`, () => {
    let adapter: RepositoryUnderTest;
    beforeAll(async () => {
      adapter = await setup();
    });
    afterAll(() => adapter.teardown());

    // Whole milliseconds: what every backend keeps of a Date.
    const createdAt = new Date('2026-03-04T05:06:07.089Z');
    const newUser = (email = `${randomUUID()}@example.com`) =>
      new User({ name: 'Ada', surname: 'Lovelace', email, passwordHash: '$argon2id$v=19$fake' }, createdAt);

    async function committed(user: User): Promise<User> {
      const unitOfWork = adapter.newUnitOfWork();
      unitOfWork.users.add(user);
      await unitOfWork.commit();
      return user;
    }

    it('finds a committed user by email and by id, with every field as it was', async () => {
      const user = await committed(newUser());
      const expected = { ...user };
      const byEmail = await adapter.newUnitOfWork().users.findByEmail(user.email);
      const byId = await adapter.newUnitOfWork().users.findById(user.id);
      for (const found of [byEmail, byId]) {
        expect(found).toBeInstanceOf(User);
        expect({ ...found }).toEqual(expected);
      }
    });

    it('keeps nothing that was added but not committed', async () => {
      const user = newUser();
      adapter.newUnitOfWork().users.add(user);
      expect(await adapter.newUnitOfWork().users.findById(user.id)).toBeNull();
      expect(await adapter.newUnitOfWork().users.findByEmail(user.email)).toBeNull();
    });

    it('writes changes to a loaded user on commit, and not before', async () => {
      const user = await committed(newUser());
      const unitOfWork = adapter.newUnitOfWork();
      const loaded = await unitOfWork.users.findById(user.id);
      loaded!.activate(selfActor(loaded!.id), new Date('2026-03-05T00:00:00.000Z'));
      expect((await adapter.newUnitOfWork().users.findById(user.id))?.active).toBe(false);
      await unitOfWork.commit();
      const reloaded = await adapter.newUnitOfWork().users.findById(user.id);
      expect([reloaded?.active, reloaded?.updatedAt]).toEqual([true, new Date('2026-03-05T00:00:00.000Z')]);
    });

    it('hands out one instance per user within a unit of work', async () => {
      const user = await committed(newUser());
      const unitOfWork = adapter.newUnitOfWork();
      expect(await unitOfWork.users.findById(user.id)).toBe(await unitOfWork.users.findByEmail(user.email));
    });

    it('answers null for an unknown email or id', async () => {
      const unitOfWork = adapter.newUnitOfWork();
      expect(await unitOfWork.users.findByEmail('nobody@example.com')).toBeNull();
      expect(await unitOfWork.users.findById(randomUUID())).toBeNull();
    });

    it('refuses a second user with a taken email on commit, and writes nothing of it', async () => {
      const first = await committed(newUser());
      const second = newUser(first.email);
      await expect(committed(second)).rejects.toThrow(EmailTakenError);
      expect(await adapter.newUnitOfWork().users.findById(second.id)).toBeNull();
    });

    it('lets exactly one of many racing units of work take an email', async () => {
      const email = `${randomUUID()}@example.com`;
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => committed(newUser(email))));
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(results.length - rejected.length).toBe(1);
      for (const result of rejected) expect(result.reason).toBeInstanceOf(EmailTakenError);
    });

    it('keeps the role and a suspension as they were, and clears them again', async () => {
      const changedAt = new Date('2026-03-05T00:00:00.000Z');
      const user = newUser();
      user.activate(selfActor(user.id), changedAt);
      user.setRole('ADMIN', systemActor, changedAt);
      user.suspend('Spam, reported twice', new Date('2026-04-01T12:00:00.000Z'), systemActor, changedAt);
      await committed(user);
      const users = adapter.newUnitOfWork().users;
      const [listed] = await adapter.directory.page({
        filter: { emailStartsWith: user.email },
        order: 'EMAIL_ASC',
        fromEnd: false,
        limit: 2,
      });
      for (const found of [await users.findById(user.id), await users.findByEmail(user.email), listed]) {
        expect({ ...found }).toEqual({ ...user });
      }

      const unitOfWork = adapter.newUnitOfWork();
      const loaded = (await unitOfWork.users.findById(user.id))!;
      loaded.reinstate(systemActor, changedAt);
      loaded.setRole('USER', systemActor, changedAt);
      await unitOfWork.commit();
      expect({ ...(await adapter.newUnitOfWork().users.findById(user.id)) }).toEqual({
        ...user,
        role: 'USER',
        suspendedAt: null,
        suspendedUntil: null,
        suspensionReason: null,
        version: 2,
      });
    });

    it('refuses a change made from a version another unit of work has written over since', async () => {
      const user = await committed(newUser());
      const [first, second] = [adapter.newUnitOfWork(), adapter.newUnitOfWork()];
      const [mine, theirs] = [(await first.users.findById(user.id))!, (await second.users.findById(user.id))!];
      mine.update({ name: 'First' }, selfActor(mine.id));
      await first.commit();
      theirs.update({ surname: 'Second' }, selfActor(theirs.id));
      await expect(second.commit()).rejects.toThrow(ConcurrentChangeError);
      const stored = await adapter.newUnitOfWork().users.findById(user.id);
      expect(stored).toMatchObject({ name: 'First', surname: 'Lovelace', version: 2 });
    });

    it('writes only the users it changed: one it merely read does not undo another commit', async () => {
      const [reader, writer] = [await committed(newUser()), await committed(newUser())];
      const first = adapter.newUnitOfWork();
      await first.users.findById(reader.id);
      const changedByFirst = (await first.users.findById(writer.id))!;
      const second = adapter.newUnitOfWork();
      (await second.users.findById(reader.id))!.update({ name: 'Changed meanwhile' }, systemActor);
      await second.commit();
      changedByFirst.update({ surname: 'Changed here' }, selfActor(changedByFirst.id));
      await first.commit();
      const users = adapter.newUnitOfWork().users;
      expect(await users.findById(reader.id)).toMatchObject({ name: 'Changed meanwhile' });
      expect(await users.findById(writer.id)).toMatchObject({ surname: 'Changed here' });
    });

    it('deletes a removed user on commit, and not before', async () => {
      const user = await committed(newUser());
      const unitOfWork = adapter.newUnitOfWork();
      unitOfWork.users.remove((await unitOfWork.users.findById(user.id))!, systemActor);
      expect(await adapter.newUnitOfWork().users.findById(user.id)).toBeInstanceOf(User);
      await unitOfWork.commit();
      const users = adapter.newUnitOfWork().users;
      expect([await users.findById(user.id), await users.findByEmail(user.email)]).toEqual([null, null]);
      expect(await adapter.directory.count({ emailStartsWith: user.email })).toBe(0);
    });

    it('refuses to delete a user another unit of work changed since it was loaded, and deletes nothing', async () => {
      const user = await committed(newUser());
      const [deleting, changing] = [adapter.newUnitOfWork(), adapter.newUnitOfWork()];
      const doomed = (await deleting.users.findById(user.id))!;
      (await changing.users.findById(user.id))!.suspend('Spam', null, systemActor, new Date('2026-03-05T00:00:00.000Z'));
      await changing.commit();
      deleting.users.remove(doomed, systemActor);
      await expect(deleting.commit()).rejects.toThrow(ConcurrentChangeError);
      expect(await adapter.newUnitOfWork().users.findById(user.id)).toMatchObject({ suspensionReason: 'Spam', version: 2 });
    });

    it('lets a new user take the email of a removed one, in a later unit of work', async () => {
      const removed = await committed(newUser());
      const unitOfWork = adapter.newUnitOfWork();
      unitOfWork.users.remove((await unitOfWork.users.findById(removed.id))!, systemActor);
      await unitOfWork.commit();
      const successor = await committed(newUser(removed.email));
      expect((await adapter.newUnitOfWork().users.findByEmail(removed.email))?.id).toBe(successor.id);
    });

    // The caller's reader, and the directory, which reads callers when no faster reader is composed.
    describe.each(['reader', 'directory'] as const)('read by id through the %s', (which) => {
      const reader = () => adapter[which];

      it('reads a committed user outside any unit of work, every field as stored, by its id in either case', async () => {
        const user = newUser();
        user.activate(selfActor(user.id), createdAt);
        user.suspend('Spam, reported twice', new Date('2026-04-01T12:00:00.000Z'), systemActor, createdAt);
        await committed(user);
        for (const id of [user.id, user.id.toUpperCase()]) {
          const read = await reader().findById(id);
          expect(read).toBeInstanceOf(User);
          expect({ ...read }).toEqual({ ...user });
          expect(read?.isSuspended(new Date('2026-03-31T00:00:00.000Z'))).toBe(true);
        }
      });

      it('answers reads asked for together each with its own user, in whatever case or number', async () => {
        const [ada, bob] = [await committed(newUser()), await committed(newUser())];
        const asked = [ada.id, bob.id, randomUUID(), ada.id.toUpperCase(), 'not-a-uuid', bob.id];
        const read = await Promise.all(asked.map((id) => reader().findById(id)));
        expect(read.map((user) => user?.email ?? null)).toEqual([ada.email, bob.email, null, ada.email, null, bob.email]);
        const many = await Promise.all(Array.from({ length: 250 }, (_, i) => reader().findById([ada.id, bob.id][i % 2]!)));
        expect(many.filter((user, i) => user?.id === [ada.id, bob.id][i % 2]).length).toBe(250);
      });

      it('reads null for an unknown id, and for one that is no UUID', async () => {
        expect(await reader().findById(randomUUID())).toBeNull();
        expect(await reader().findById('not-a-uuid')).toBeNull();
      });

      it('reads what was last committed, and never writes back a change made to what it read', async () => {
        const user = await committed(newUser());
        const unitOfWork = adapter.newUnitOfWork();
        (await unitOfWork.users.findById(user.id))!.update({ name: 'Committed' }, systemActor);
        await unitOfWork.commit();
        const read = (await reader().findById(user.id))!;
        expect([read.name, read.version]).toEqual(['Committed', 2]);

        read.update({ surname: 'Never written' }, selfActor(read.id));
        const other = adapter.newUnitOfWork();
        const loaded = (await other.users.findById(user.id))!;
        expect(loaded).not.toBe(read);
        await other.commit();
        expect(await adapter.newUnitOfWork().users.findById(user.id)).toMatchObject({ surname: 'Lovelace', version: 2 });
      });
    });

    userListContract(() => adapter);
  });

  lastAdminContract(name, setup);
}
