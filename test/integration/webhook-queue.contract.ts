import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../src/application/ports.ts';
import { ConcurrentChangeError } from '../../src/domain/errors.ts';
import { User } from '../../src/domain/user.ts';
import { selfActor } from '../../src/domain/user-events.ts';
import type { WebhookQueue } from '../../src/webhooks/webhook-queue.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

export interface QueueUnderTest {
  newUnitOfWork(): UnitOfWork;
  queue: WebhookQueue;
  prune(cutoff: Date): Promise<number>;
  teardown(): Promise<void>;
}

const day = 86_400_000;
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const later = at(3600);
const created = new Set(['UserCreated']);
const createdOrActivated = new Set(['UserCreated', 'UserActivated']);
const positions = (claimed: { eventPosition: number }[]) => claimed.map(({ eventPosition }) => eventPosition);
const types = (claimed: { message: { type: string } }[]) => claimed.map(({ message }) => message.type);

/** A URL of the test's own, followed from `now`: tests share a database, never a queue. */
async function followed(queue: WebhookQueue, now = at(0)): Promise<string> {
  const url = `https://hooks.example/${randomUUID()}`;
  await queue.follow([url], now);
  return url;
}

/** A new user, committed at `occurredAt` (UserCreated), activated in the same commit when asked (UserActivated). */
async function signUp(adapter: QueueUnderTest, { activated = false, occurredAt = at(0) } = {}): Promise<User> {
  const work = adapter.newUnitOfWork();
  const user = new User({ name: 'Ada', surname: 'Lovelace', email: `${randomUUID()}@doe.com`, passwordHash: 'h' }, occurredAt);
  work.users.add(user);
  if (activated) user.activate(selfActor(user.id), occurredAt);
  await work.commit();
  return user;
}

/** The webhook queue, an outbox consumer: the same behaviour on every adapter. */
export function webhookQueueContract(name: string, setup: () => Promise<QueueUnderTest>): void {
  describe(`Webhook queue contract: ${name}`, () => {
    let adapter: QueueUnderTest;
    let queue: WebhookQueue;
    beforeAll(async () => {
      adapter = await setup();
      queue = adapter.queue;
    });
    afterAll(() => adapter.teardown());
    const cleanups = cleanupsAfterEach();

    const fanOutAll = async (url: string, only: ReadonlySet<string> = created) => {
      while ((await queue.fanOut(url, only, 100, at(1))) === 100);
    };

    it('fans out what was committed after the URL was followed, of its types only, a page at a time, whoever committed it', async () => {
      await signUp(adapter);
      const url = await followed(queue);
      const [ada, bea, cem] = [await signUp(adapter, { activated: true }), await signUp(adapter), await signUp(adapter)];
      expect(await queue.fanOut(url, created, 2, at(1))).toBe(2);
      expect(await queue.fanOut(url, created, 2, at(1))).toBe(2);
      expect(await queue.fanOut(url, created, 2, at(1))).toBe(0);
      const claimed = await queue.claim(url, 10, at(1), later);
      expect(types(claimed)).toEqual(['UserCreated', 'UserCreated', 'UserCreated']);
      expect(claimed.map(({ message }) => JSON.parse(message.body).userId)).toEqual([ada.id, bea.id, cem.id]);
      expect(claimed.map(({ attempts }) => attempts)).toEqual([0, 0, 0]);
      expect(JSON.parse(claimed[0]!.message.body)).toMatchObject({ id: claimed[0]!.message.id, actor: { kind: 'SELF' } });
    });

    it('writes no delivery of a commit that failed', async () => {
      const url = await followed(queue);
      const ada = await signUp(adapter);
      const [first, second] = [adapter.newUnitOfWork(), adapter.newUnitOfWork()];
      const [mine, theirs] = [(await first.users.findById(ada.id))!, (await second.users.findById(ada.id))!];
      mine.activate(selfActor(mine.id));
      theirs.activate(selfActor(theirs.id));
      await first.commit();
      await expect(second.commit()).rejects.toThrow(ConcurrentChangeError);
      await fanOutAll(url, createdOrActivated);
      const [createdFirst] = await queue.claim(url, 10, at(1), at(2));
      await queue.delivered(url, [createdFirst!.eventPosition], at(1));
      const [activated] = await queue.claim(url, 10, at(2), later);
      expect(activated!.message.type).toBe('UserActivated');
      await queue.delivered(url, [activated!.eventPosition], at(2));
      expect(await queue.claim(url, 10, later, at(7200))).toEqual([]);
    });

    it('claims each user’s first pending delivery only, oldest first, and holds a claim until it ends', async () => {
      const url = await followed(queue);
      const [ada, bea] = [await signUp(adapter, { activated: true }), await signUp(adapter)];
      await fanOutAll(url, createdOrActivated);
      const claimed = await queue.claim(url, 10, at(1), at(30));
      expect(claimed.map(({ message }) => [JSON.parse(message.body).userId, message.type])).toEqual([
        [ada.id, 'UserCreated'],
        [bea.id, 'UserCreated'],
      ]);
      expect(await queue.claim(url, 10, at(2), at(30))).toEqual([]);
      // The holder died: at the claim's end both come back.
      expect(positions(await queue.claim(url, 10, at(30), at(60)))).toEqual(positions(claimed));
      await queue.delivered(url, [claimed[0]!.eventPosition], at(31));
      await queue.release(url, [claimed[1]!.eventPosition]);
      expect(types(await queue.claim(url, 10, at(31), at(60)))).toEqual(['UserActivated', 'UserCreated']);
    });

    it('holds back only the refused event’s user; failing for good lets that user’s next go', async () => {
      const url = await followed(queue);
      await signUp(adapter, { activated: true });
      await signUp(adapter);
      await fanOutAll(url, createdOrActivated);
      const [ada1, bea1] = await queue.claim(url, 10, at(1), at(30));
      await queue.attemptFailed(url, ada1!.eventPosition, 'HTTP 422', at(100));
      await queue.delivered(url, [bea1!.eventPosition], at(2));
      await signUp(adapter);
      await fanOutAll(url, createdOrActivated);
      // Ada's activation waits behind her refused sign-up; Cem's sign-up does not.
      expect(types(await queue.claim(url, 10, at(3), at(30)))).toEqual(['UserCreated']);
      const [retried] = await queue.claim(url, 10, at(100), at(130));
      expect([retried!.eventPosition, retried!.attempts]).toEqual([ada1!.eventPosition, 1]);
      await queue.attemptFailed(url, ada1!.eventPosition, 'HTTP 422', null);
      expect(types(await queue.claim(url, 10, at(101), at(130)))).toEqual(['UserActivated']);
    });

    it('makes every waiting retry of a URL due at once', async () => {
      const url = await followed(queue);
      await signUp(adapter);
      await signUp(adapter);
      await fanOutAll(url);
      const [ada, bea] = await queue.claim(url, 10, at(1), at(30));
      await queue.attemptFailed(url, ada!.eventPosition, 'ECONNREFUSED', at(500));
      await queue.attemptFailed(url, bea!.eventPosition, 'ECONNREFUSED', at(900));
      expect(await queue.claim(url, 10, at(2), at(30))).toEqual([]);
      expect(await queue.retryNow(url, at(3))).toBe(2);
      expect(positions(await queue.claim(url, 10, at(3), at(30)))).toEqual([ada!.eventPosition, bea!.eventPosition]);
      expect(await queue.pendingUrls()).toContain(url);
    });

    it('keeps through retention the events a followed cursor has not passed and those with a pending delivery; prunes the others', async () => {
      // A database of the test's own: the other tests' cursors would keep these events too.
      const fresh = await setup();
      cleanups.push(() => fresh.teardown());
      const { queue } = fresh;
      const now = new Date();
      const old = new Date(now.getTime() - 100 * day);
      const cutoff = new Date(now.getTime() - 90 * day);
      // A URL no one followed since before the cutoff holds nothing back.
      await followed(queue, old);
      const url = await followed(queue, now);
      const events = [];
      for (let i = 0; i < 4; i++) events.push(await signUp(fresh, { occurredAt: old }));
      await queue.fanOut(url, created, 3, now);
      const [delivered, failed, pending] = await queue.claim(url, 10, now, now);
      await queue.delivered(url, [delivered!.eventPosition], now);
      await queue.attemptFailed(url, failed!.eventPosition, 'HTTP 500', null);
      await queue.release(url, [pending!.eventPosition]);
      expect(await fresh.prune(cutoff)).toBe(2);
      // The pending one, and the fourth, which the cursor has not passed.
      expect(await queue.fanOut(url, created, 100, now)).toBe(1);
      const left = await queue.claim(url, 10, now, now);
      expect(left.map(({ message }) => JSON.parse(message.body).userId)).toEqual([events[2]!.id, events[3]!.id]);
      await queue.delivered(url, positions(left), now);
      expect(await fresh.prune(cutoff)).toBe(2);
    });
  });
}
