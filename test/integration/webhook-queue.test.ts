import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/domain/user.ts';
import { InMemoryAuditTrail } from '../../src/infrastructure/in-memory/audit-trail.ts';
import { InMemoryUnitOfWork } from '../../src/infrastructure/in-memory/unit-of-work.ts';
import { InMemoryUserStore } from '../../src/infrastructure/in-memory/user-store.ts';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/mikro-orm/unit-of-work.ts';
import { InMemoryWebhookQueue } from '../../src/webhooks/in-memory/in-memory-webhook-queue.ts';
import { MikroOrmWebhookDeliveries } from '../../src/webhooks/mikro-orm/mikro-orm-webhook-deliveries.ts';
import { MikroOrmWebhookQueue } from '../../src/webhooks/mikro-orm/mikro-orm-webhook-queue.ts';
import { startWebhookDelivery } from '../../src/webhooks/start-webhook-delivery.ts';
import { databaseBackends, openMigratedOrm, postgresBackend, type TestDatabase } from '../support/databases.ts';
import { patienceMs } from '../support/patience.ts';
import { postgresAvailable } from '../support/postgres.ts';
import { until } from '../support/until.ts';
import { webhookQueueContract } from './webhook-queue.contract.ts';

const [a, b] = ['https://a.example/hooks', 'https://b.example/hooks?token=secret'];
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const positions = (claimed: { eventPosition: number }[]) => claimed.map(({ eventPosition }) => eventPosition);
const created = new Set(['UserCreated']);

webhookQueueContract('in-memory', async () => {
  const store = new InMemoryUserStore();
  const trail = new InMemoryAuditTrail(store);
  return {
    newUnitOfWork: () => new InMemoryUnitOfWork(store),
    queue: new InMemoryWebhookQueue(store.outbox),
    prune: (cutoff) => trail.prune(cutoff),
    teardown: async () => {},
  };
});

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(backend.name, () => {
    webhookQueueContract(`MikroORM on ${backend.name}`, async () => {
      const database = await backend.create();
      const orm = await openMigratedOrm(database.url);
      const trail = new MikroOrmAuditTrail(orm);
      return {
        newUnitOfWork: () => new MikroOrmUnitOfWork(orm.em.fork()),
        queue: new MikroOrmWebhookQueue(orm),
        prune: (cutoff) => trail.prune(cutoff),
        teardown: async () => {
          await orm.close();
          await database.drop();
        },
      };
    });
  });

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
    /** `count` sign-ups, one commit each: one UserCreated event each. */
    const signUps = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const work = new MikroOrmUnitOfWork(orm.em.fork());
        work.users.add(new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'h' }, at(0)));
        await work.commit();
      }
    };
    /** The URLs followed, `count` sign-ups, and their deliveries written. */
    const deliveriesTo = async (to: readonly string[], count: number) => {
      const queue = new MikroOrmWebhookQueue(orm);
      await queue.follow(to, at(0));
      await signUps(count);
      for (const url of to) await queue.fanOut(url, created, 100, at(0));
      return queue;
    };

    it('never lets two workers fanning out and claiming at once hold the same delivery, nor send a user’s events out of order', async () => {
      const [one] = urls();
      const first = new MikroOrmWebhookQueue(orm);
      await first.follow([one], at(0));
      await signUps(60);
      // SQLite: one connection per process (better-sqlite3 waits for another one's lock on the event
      // loop); two processes on one file are test/e2e/webhook-processes.test.ts.
      const second = backend.name === 'PostgreSQL' ? await openMigratedOrm(database.url) : orm;
      try {
        const claimedInOrder: number[] = [];
        const claims = [0, 0];
        const worker = async (queue: MikroOrmWebhookQueue, index: number) => {
          for (let idle = 0; idle < 20; ) {
            await queue.fanOut(one, created, 7, at(1));
            const claimed = await queue.claim(one, 4, at(1), at(3600));
            if (claimed.length === 0) idle++;
            else claims[index]! += 1;
            claimedInOrder.push(...positions(claimed));
            if (claimed.length > 0) await queue.delivered(one, positions(claimed), new Date());
          }
        };
        await Promise.all([worker(first, 0), worker(new MikroOrmWebhookQueue(second), 1)]);
        expect(claims.every((count) => count > 0)).toBe(true);
        expect(claimedInOrder).toHaveLength(60);
        expect(new Set(claimedInOrder).size).toBe(60);
        const left = await orm.em
          .getConnection()
          .execute("select count(*) as n from webhook_deliveries where url = ? and status <> 'delivered'", [one]);
        expect(Number(left[0].n)).toBe(0);
      } finally {
        if (second !== orm) await second.close();
      }
    });

    it('lists deliveries for admins newest event first, a page of events at a time, and redelivers failed ones', async () => {
      const [one, two] = urls();
      const queue = await deliveriesTo([one, two], 3);
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
      await deliveriesTo([one], 1);
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
      const delivery = await startWebhookDelivery(orm, settings, logger);
      const stranded = () => logs.map((line) => JSON.parse(line)).find(({ msg }) => msg.includes('no longer in WEBHOOK_URLS'));
      await until(() => stranded() !== undefined, patienceMs);
      await delivery.stop();
      expect(stranded()).toMatchObject({ level: 40, urls: expect.arrayContaining([one]) });
    });
  });
}

describe.skipIf(!postgresAvailable)('webhook fan-out on PostgreSQL, where rows commit out of position order', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  beforeAll(async () => {
    database = await postgresBackend.create();
    orm = await openMigratedOrm(database.url);
  });
  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  /** A sign-up left uncommitted in a session of its own: its position is taken, its row not yet visible. */
  async function uncommittedSignUp() {
    const session = new pg.Client({ connectionString: database.url });
    await session.connect();
    await session.query('begin');
    await session.query(
      `insert into outbox (id, type, occurred_at, user_id, actor_kind, payload) values ($1, 'UserCreated', now(), $2, 'SELF', '{}')`,
      [randomUUID(), randomUUID()],
    );
    return {
      commit: () => session.query('commit').finally(() => session.end()),
      rollback: () => session.query('rollback').finally(() => session.end()),
    };
  }

  const signUp = async () => {
    const work = new MikroOrmUnitOfWork(orm.em.fork());
    work.users.add(new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'h' }));
    await work.commit();
  };
  const claimAll = async (queue: MikroOrmWebhookQueue, url: string) => {
    await queue.fanOut(url, created, 100, new Date());
    const claimed = await queue.claim(url, 100, new Date(), new Date(Date.now() + 60_000));
    if (claimed.length > 0) await queue.delivered(url, positions(claimed), new Date());
    return claimed.length;
  };

  it('delivers a row that commits after later ones, and passes a rolled-back position once it is sure', async () => {
    const url = `${a}/${randomUUID()}`;
    const queue = new MikroOrmWebhookQueue(orm);
    await queue.follow([url], new Date());
    const late = await uncommittedSignUp();
    await signUp();
    expect(await claimAll(queue, url)).toBe(1);
    await late.commit();
    expect(await claimAll(queue, url)).toBe(1);

    const rolledBack = await uncommittedSignUp();
    await signUp();
    await rolledBack.rollback();
    expect(await claimAll(queue, url)).toBe(1);
    const cursor = async () =>
      Number((await orm.em.getConnection().execute('select position from webhook_cursors where url = ?', [url]))[0].position);
    const end = async () => Number((await orm.em.getConnection().execute('select max(position) as p from outbox'))[0].p);
    // The cursor waits before the missing position, then, once it outlived a commit, passes it.
    expect(await cursor()).toBeLessThan(await end());
    await until(async () => {
      await claimAll(queue, url);
      return (await cursor()) === (await end());
    }, patienceMs);
  });
});
