import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { User } from '../../src/domain/user.ts';
import { adminActor, selfActor } from '../../src/domain/user-events.ts';
import type { SignInFailed } from '../../src/infrastructure/outbox-record.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { contractEmailHash, type OutboxUnderTest } from './outbox.contract.ts';

/** `n` days into a fixed past month, in whole milliseconds: what every backend keeps of a Date. */
const day = (n: number) => new Date(Date.UTC(2020, 4, n, 6, 7, 8, 9));
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

const newUser = (at: Date) =>
  new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@example.com`, passwordHash: '$argon2id$v=19$fake' }, at);

function failedSignIn(occurredAt: Date, userId: string | null = null): SignInFailed {
  return {
    id: randomUUID(),
    type: 'SignInFailed',
    occurredAt,
    userId,
    actor: { kind: 'ANONYMOUS' },
    reason: userId ? 'WRONG_PASSWORD' : 'UNKNOWN_EMAIL',
    emailHash: userId ? null : contractEmailHash('nobody@example.com'),
    clientAddress: '203.0.113.9',
  };
}

/** Reading the outbox back (newest first, by keyset, filtered) and pruning it. Part of the outbox contract. */
export function auditTrailContract(name: string, setup: () => Promise<OutboxUnderTest>): void {
  describe(`Audit trail contract: ${name}`, () => {
    const cleanups = cleanupsAfterEach();
    async function fresh(): Promise<OutboxUnderTest> {
      const adapter = await setup();
      cleanups.push(() => adapter.teardown());
      return adapter;
    }
    const commit = async (adapter: OutboxUnderTest, ...users: User[]) => {
      const unitOfWork = adapter.newUnitOfWork();
      for (const user of users) unitOfWork.users.add(user);
      await unitOfWork.commit();
    };
    async function change(adapter: OutboxUnderTest, user: User, changing: (user: User) => void) {
      const unitOfWork = adapter.newUnitOfWork();
      changing((await unitOfWork.users.findById(user.id))!);
      await unitOfWork.commit();
    }

    it('pages newest first by position, filtered by user, actor, types and time, by keyset', async () => {
      const adapter = await fresh();
      const [ada, bea] = [newUser(day(1)), newUser(day(1))];
      await commit(adapter, ada, bea);
      await change(adapter, ada, (user) => user.activate(selfActor(user.id), day(2)));
      await change(adapter, ada, (user) => user.update({ name: 'Augusta' }, adminActor(bea.id), day(3)));
      await change(adapter, bea, (user) => user.activate(selfActor(user.id), day(4)));
      await adapter.auditTrail.record(failedSignIn(day(5), ada.id));
      const trail = adapter.auditTrail;
      const page = async (query: Parameters<typeof trail.page>[0]) =>
        (await trail.page(query)).map(({ type, userId }) => `${type} ${userId === ada.id ? 'ada' : 'bea'}`);

      const all = await trail.page({ limit: 10 });
      expect(all.map(({ position }) => position)).toEqual([...all.map(({ position }) => position)].sort((a, b) => b - a));
      expect(await page({ userId: ada.id, limit: 10 })).toEqual([
        'SignInFailed ada',
        'UserUpdated ada',
        'UserActivated ada',
        'UserCreated ada',
      ]);
      const first = await trail.page({ userId: ada.id, limit: 2 });
      expect(await page({ userId: ada.id.toUpperCase(), olderThan: first[1]!.position, limit: 2 })).toEqual([
        'UserActivated ada',
        'UserCreated ada',
      ]);
      // Whoever acted: the admin's changes of others, and their own.
      expect(await page({ actorId: bea.id, limit: 10 })).toEqual(['UserActivated bea', 'UserUpdated ada', 'UserCreated bea']);
      expect(await page({ types: ['UserActivated', 'SignInFailed'], limit: 10 })).toEqual([
        'SignInFailed ada',
        'UserActivated bea',
        'UserActivated ada',
      ]);
      expect(await page({ types: [], limit: 10 })).toEqual([]);
      // `since` inclusive, `until` exclusive.
      expect(await page({ since: day(2), until: day(4), limit: 10 })).toEqual(['UserUpdated ada', 'UserActivated ada']);
      for (const id of [randomUUID(), 'not-a-uuid']) {
        expect(await trail.page({ userId: id, limit: 10 })).toEqual([]);
        expect(await trail.page({ actorId: id, limit: 10 })).toEqual([]);
      }
      expect(all[0]).toMatchObject({ occurredAt: day(5), clientAddress: '203.0.113.9', payload: { reason: 'WRONG_PASSWORD' } });
    });

    it('slices by position either way: older or newer than a row, at it too when inclusive, newest or oldest rows of the range', async () => {
      const adapter = await fresh();
      const [ada, bea] = [newUser(day(1)), newUser(day(1))];
      await commit(adapter, ada, bea);
      for (const n of [2, 3, 4]) await change(adapter, ada, (user) => user.update({ name: `Ada ${n}` }, adminActor(bea.id), day(n)));
      const trail = adapter.auditTrail;
      const all = await trail.page({ limit: 10 });
      expect(all.map(({ type }) => type)).toEqual(['UserUpdated', 'UserUpdated', 'UserUpdated', 'UserCreated', 'UserCreated']);
      const [p5, p4, p3, p2, p1] = all.map(({ position }) => position) as [number, number, number, number, number];
      const positions = async (query: Parameters<typeof trail.page>[0]) => (await trail.page(query)).map(({ position }) => position);

      expect(await positions({ olderThan: p4, limit: 2 })).toEqual([p3, p2]);
      expect(await positions({ olderThan: p4, inclusive: true, limit: 2 })).toEqual([p4, p3]);
      expect(await positions({ olderThan: p4, fromOldest: true, limit: 2 })).toEqual([p2, p1]);
      expect(await positions({ newerThan: p2, limit: 2 })).toEqual([p5, p4]);
      // The rows next to the cursor, going back towards the newest: still newest first.
      expect(await positions({ newerThan: p2, fromOldest: true, limit: 2 })).toEqual([p4, p3]);
      expect(await positions({ newerThan: p2, inclusive: true, fromOldest: true, limit: 2 })).toEqual([p3, p2]);
      expect(await positions({ newerThan: p1, olderThan: p5, limit: 10 })).toEqual([p4, p3, p2]);
      expect(await positions({ newerThan: p1, olderThan: p5, inclusive: true, fromOldest: true, limit: 10 })).toEqual([p5, p4, p3, p2, p1]);
      expect(await positions({ fromOldest: true, limit: 2 })).toEqual([p2, p1]);
      expect(await positions({ newerThan: p5, limit: 10 })).toEqual([]);
      expect(await positions({ olderThan: p1, fromOldest: true, limit: 10 })).toEqual([]);
      // With the filters: only ada's rows (p1, p3, p4, p5), whatever lies between them.
      expect(await positions({ userId: ada.id, newerThan: p1, fromOldest: true, limit: 2 })).toEqual([p4, p3]);
      expect(await positions({ userId: ada.id, olderThan: p3, limit: 10 })).toEqual([p1]);
      expect(await positions({ types: ['UserCreated'], newerThan: p2, inclusive: true, limit: 10 })).toEqual([p2]);
      expect(await positions({ types: ['UserCreated'], newerThan: p2, limit: 10 })).toEqual([]);
    });

    it('prunes what occurred before the cutoff', async () => {
      const adapter = await fresh();
      const [old, recent] = [newUser(daysAgo(100)), newUser(daysAgo(1))];
      await commit(adapter, old, recent);
      await change(adapter, old, (user) => user.activate(selfActor(user.id), daysAgo(95)));
      await adapter.auditTrail.record(failedSignIn(daysAgo(91)));
      await adapter.auditTrail.record(failedSignIn(daysAgo(89)));

      expect(await adapter.auditTrail.prune(daysAgo(90))).toBe(3);
      const left = await adapter.auditTrail.page({ limit: 10 });
      expect(left.map(({ type, userId, occurredAt }) => [type, userId, occurredAt > daysAgo(90)])).toEqual([
        ['SignInFailed', null, true],
        ['UserCreated', recent.id, true],
      ]);
      expect(await adapter.auditTrail.prune(daysAgo(90))).toBe(0);
    });

    it('never hands out a position twice, even after pruning emptied the table', async () => {
      const adapter = await fresh();
      await commit(adapter, newUser(day(1)), newUser(day(1)));
      const before = await adapter.auditTrail.page({ limit: 10 });
      expect(await adapter.auditTrail.prune(new Date(Date.now() + 1000))).toBe(2);
      await adapter.auditTrail.record(failedSignIn(new Date()));
      const [after] = await adapter.auditTrail.page({ limit: 10 });
      expect(after!.position).toBeGreaterThan(before[0]!.position);
    });

    it('prunes in batches, whatever the number of rows', async () => {
      const adapter = await fresh();
      const users = Array.from({ length: 1205 }, () => newUser(day(1)));
      for (let i = 0; i < users.length; i += 500) await commit(adapter, ...users.slice(i, i + 500));
      expect(await adapter.auditTrail.prune(day(2))).toBe(1205);
      expect(await adapter.auditTrail.page({ limit: 1 })).toEqual([]);
    });
  });
}
