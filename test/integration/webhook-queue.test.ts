import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentChangeError } from '../../src/domain/errors.ts';
import { User } from '../../src/domain/user.ts';
import { selfActor } from '../../src/domain/user-events.ts';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmWebhookDeliveries } from '../../src/infrastructure/mikro-orm/webhook-deliveries.ts';
import { MikroOrmWebhookQueue } from '../../src/infrastructure/mikro-orm/webhook-queue.ts';
import { startWebhookDelivery } from '../../src/infrastructure/webhooks/start-webhook-delivery.ts';
import { WebhookDeliveryRecord } from '../../src/infrastructure/webhooks/webhook-delivery-record.ts';
import { databaseBackends, openMigratedOrm, type TestDatabase } from '../support/databases.ts';
import { until } from '../support/process-client.ts';

const [a, b] = ['https://a.example/hooks', 'https://b.example/hooks?token=secret'];
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const positions = (claimed: { eventPosition: number }[]) => claimed.map(({ eventPosition }) => eventPosition);

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`webhook deliveries on MikroORM, ${backend.name}`, () => {
    let database: TestDatabase;
    let orm: MikroORM;
    beforeAll(async () => {
      database = await backend.create();
      orm = await openMigratedOrm(database.url);
    });
    afterAll(async () => {
      await orm?.close();
      await database?.drop();
    });

    /** A fresh URL pair per test, so tests share the database but not a queue. */
    const urls = () => {
      const tag = randomUUID();
      return [`${a}/${tag}`, `${b}&${tag}`] as const;
    };
    const unitOfWork = (to: readonly string[], written?: () => void) =>
      new MikroOrmUnitOfWork(orm.em.fork(), { webhooks: { urlsFor: (type) => (type === 'UserCreated' ? to : []), written } });
    /** `count` sign-ups, one commit each, at `occurredAt`: one UserCreated event each, for every URL in `to`. */
    const signUps = async (to: readonly string[], count: number, occurredAt = at(0)) => {
      for (let i = 0; i < count; i++) {
        const work = unitOfWork(to);
        work.users.add(
          new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'argon2id$…' }, occurredAt),
        );
        await work.commit();
      }
    };
    const deliveriesOf = async (url: string) =>
      orm.em.fork().find(WebhookDeliveryRecord, { url }, { orderBy: { eventPosition: 'asc' }, disableIdentityMap: true });

    it('writes one pending delivery per event and URL in the commit, due at the event, and wakes the worker after it', async () => {
      const [one, two] = urls();
      let wakes = 0;
      const work = unitOfWork([one, two], () => wakes++);
      const user = new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'h' }, at(3));
      work.users.add(user);
      user.activate(selfActor(user.id), at(4));
      await work.commit();
      expect(wakes).toBe(1);
      // UserActivated is not routed here.
      expect(await deliveriesOf(one)).toEqual([
        {
          eventPosition: expect.any(Number),
          url: one,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at(3),
          lastError: null,
          deliveredAt: null,
        },
      ]);
      expect(await deliveriesOf(two)).toHaveLength(1);
    });

    it('writes none for a commit that fails', async () => {
      const [one] = urls();
      const created = unitOfWork([one]);
      const user = new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'h' });
      created.users.add(user);
      await created.commit();
      // Two changes of one user race; the second is refused, and none of its events is written.
      const [first, second] = [unitOfWork([one]), unitOfWork([one])];
      const [mine, theirs] = [(await first.users.findById(user.id))!, (await second.users.findById(user.id))!];
      mine.activate(selfActor(mine.id));
      theirs.activate(selfActor(theirs.id));
      await first.commit();
      await expect(second.commit()).rejects.toThrow(ConcurrentChangeError);
      expect(await deliveriesOf(one)).toHaveLength(1);
    });

    it('claims a URL’s due deliveries oldest first under a lease: nothing more for that URL until it ends', async () => {
      const [one, two] = urls();
      await signUps([one, two], 5);
      const queue = new MikroOrmWebhookQueue(orm);
      const first = await queue.claim(one, 3, at(1), at(30));
      expect(first).toHaveLength(3);
      const all = positions(await deliveriesOf(one));
      expect(positions(first)).toEqual(all.slice(0, 3));
      expect(JSON.parse(first[0]!.message.body)).toMatchObject({
        type: 'UserCreated',
        actor: { kind: 'self' },
        occurredAt: at(0).toISOString(),
      });
      expect(first[0]!.message.id).toBe(JSON.parse(first[0]!.message.body).id);
      // Rows 4 and 5 are due, but the URL's first pending one is held: they must not overtake it.
      expect(await queue.claim(one, 10, at(2), at(30))).toEqual([]);
      expect(await queue.claim(two, 10, at(2), at(30))).toHaveLength(5);
      // The holder died: at the lease's end everything comes back, in order.
      expect(positions(await queue.claim(one, 10, at(31), at(60)))).toEqual(all);
    });

    it('holds later events back while the first is waiting for a retry; failing for good lets the next go', async () => {
      const [one] = urls();
      await signUps([one], 4);
      const queue = new MikroOrmWebhookQueue(orm);
      const [p1, p2, p3, p4] = positions(await queue.claim(one, 10, at(1), at(30))) as [number, number, number, number];
      await queue.attemptFailed(one, p1, 'HTTP 503', at(10));
      await queue.release(one, [p2, p3, p4], at(1));
      expect(await queue.claim(one, 10, at(5), at(30))).toEqual([]);
      const retried = await queue.claim(one, 10, at(10), at(30));
      expect(retried.map(({ eventPosition, attempts }) => [eventPosition, attempts])).toEqual([
        [p1, 1],
        [p2, 0],
        [p3, 0],
        [p4, 0],
      ]);
      await queue.attemptFailed(one, p1, 'ECONNREFUSED', null);
      await queue.delivered(one, [p2], at(11));
      await queue.release(one, [p3, p4], at(11));
      expect(positions(await queue.claim(one, 10, at(11), at(30)))).toEqual([p3, p4]);
      expect((await deliveriesOf(one)).slice(0, 2)).toEqual([
        { eventPosition: p1, url: one, status: 'failed', attempts: 2, nextAttemptAt: null, lastError: 'ECONNREFUSED', deliveredAt: null },
        { eventPosition: p2, url: one, status: 'delivered', attempts: 1, nextAttemptAt: null, lastError: null, deliveredAt: at(11) },
      ]);
      expect(await queue.pendingUrls()).toContain(one);
    });

    it('never lets two workers claiming at once hold the same delivery, nor take a URL’s events out of order', async () => {
      const [one] = urls();
      await signUps([one], 60);
      const second = await openMigratedOrm(database.url);
      try {
        const claimedInOrder: number[] = [];
        const claims = [0, 0];
        const worker = async (queue: MikroOrmWebhookQueue, index: number) => {
          for (let idle = 0; idle < 20; ) {
            // SQLite: the other connection may hold the write lock; the claim is then tried again.
            const claimed = await queue.claim(one, 4, at(1), at(3600)).catch(() => []);
            if (claimed.length === 0) idle++;
            else claims[index]! += 1;
            claimedInOrder.push(...positions(claimed));
            if (claimed.length > 0) await queue.delivered(one, positions(claimed), new Date());
          }
        };
        await Promise.all([worker(new MikroOrmWebhookQueue(orm), 0), worker(new MikroOrmWebhookQueue(second), 1)]);
        expect(claims.every((count) => count > 0)).toBe(true);
        const all = positions(await deliveriesOf(one));
        expect(claimedInOrder).toEqual(all);
        expect((await deliveriesOf(one)).every(({ status }) => status === 'delivered')).toBe(true);
      } finally {
        await second.close();
      }
    });

    it('keeps through retention every event with a pending delivery, and prunes the others with their deliveries', async () => {
      const [one] = urls();
      const old = new Date(Date.now() - 100 * 86_400_000);
      await signUps([one], 3, old);
      const queue = new MikroOrmWebhookQueue(orm);
      const [p1, p2, p3] = positions(await queue.claim(one, 10, new Date(), new Date())) as [number, number, number];
      await queue.delivered(one, [p1], new Date());
      await queue.attemptFailed(one, p2, 'HTTP 500', null);
      await queue.release(one, [p3], new Date());
      await new MikroOrmAuditTrail(orm).prune(new Date(Date.now() - 90 * 86_400_000));
      expect(positions(await deliveriesOf(one))).toEqual([p3]);
      const left = await orm.em.fork().getConnection().execute('select position from outbox where position in (?, ?, ?)', [p1, p2, p3]);
      expect(left.map((row: { position: number | string }) => Number(row.position))).toEqual([p3]);
    });

    it('lists deliveries for admins newest event first, a page of events at a time, and redelivers failed ones', async () => {
      const [one, two] = urls();
      await signUps([one, two], 3);
      const queue = new MikroOrmWebhookQueue(orm);
      const [p1, p2, p3] = positions(await queue.claim(one, 10, at(1), at(2))) as [number, number, number];
      await queue.attemptFailed(one, p1, 'HTTP 500', null);
      await queue.delivered(one, [p2, p3], at(3));
      const admin = new MikroOrmWebhookDeliveries(orm);
      const failed = (await admin.page({ status: 'failed', limit: 100 })).filter(({ eventPosition }) => eventPosition >= p1);
      expect(failed).toEqual([
        {
          eventId: expect.any(String),
          eventType: 'UserCreated',
          eventPosition: p1,
          occurredAt: at(0),
          url: one,
          status: 'failed',
          attempts: 1,
          lastError: 'HTTP 500',
          nextAttemptAt: null,
          deliveredAt: null,
        },
      ]);
      // Both URLs of the newest event, then older events; b's query string is not shown.
      const page = await admin.page({ limit: 2 });
      expect(page.map(({ eventPosition, url }) => [eventPosition, url])).toEqual([
        [p3, one],
        [p3, 'https://b.example/hooks?…'],
        [p2, one],
        [p2, 'https://b.example/hooks?…'],
      ]);
      expect((await admin.page({ olderThan: p2, limit: 1 })).map(({ eventPosition }) => eventPosition)).toEqual([p1, p1]);

      const redelivered = await admin.redeliver(failed[0]!.eventId.toUpperCase(), at(5));
      expect(redelivered.map(({ url, status, attempts, nextAttemptAt }) => [url, status, attempts, nextAttemptAt])).toEqual([
        [one, 'pending', 0, at(5)],
        ['https://b.example/hooks?…', 'pending', 0, at(0)],
      ]);
      expect(await admin.redeliver(randomUUID(), at(5))).toEqual([]);
      expect(await admin.redeliver('not-a-uuid', at(5))).toEqual([]);
    });

    it('says at start which URLs still have pending deliveries but are no longer in WEBHOOK_URLS', async () => {
      const [one] = urls();
      await signUps([one], 1);
      const logs: string[] = [];
      const logger = createLogger('info', new Writable({ write: (line, _encoding, done) => done(void logs.push(String(line))) }));
      const settings = {
        urls: ['https://other.example/hooks'],
        secret: `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
        eventTypes: [],
        maxAttempts: 3,
        timeoutMs: 1000,
        backoff: { baseMs: 1000, maxMs: 1000 },
      };
      const delivery = startWebhookDelivery(orm, settings, logger);
      const stranded = () => logs.map((line) => JSON.parse(line)).find(({ msg }) => msg.includes('no longer in WEBHOOK_URLS'));
      await until(() => stranded() !== undefined, 2000);
      await delivery.stop();
      expect(stranded()).toMatchObject({ level: 40, urls: expect.arrayContaining([one]) });
    });
  });
}
