import { describe, expect, it } from 'vitest';
import { clientOf } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { ACTIVATE, WEBHOOK_DELIVERIES } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { startServer } from '../support/server.ts';
import { until } from '../support/until.ts';
import { startWebhookReceiver, webhookSecret } from '../support/webhook-receiver.ts';

const cleanups = cleanupsAfterEach();

/** A receiver, and a server on a database of its own that sends it webhooks; an admin to read the deliveries. */
async function setup(createDatabase: () => Promise<{ url: string; drop(): Promise<void> }>, environment: NodeJS.ProcessEnv = {}) {
  const secret = webhookSecret();
  const receiver = await startWebhookReceiver(secret);
  cleanups.push(receiver.close);
  const database = await createDatabase();
  cleanups.push(() => database.drop());
  // The admin who reads the deliveries, made before webhooks were set: none of theirs is sent.
  const before = await startServer({ DATABASE_URL: database.url });
  const admin = await clientOf({ database, server: before }).admin();
  await before.close();
  const server = await startServer({
    DATABASE_URL: database.url,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: secret,
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_BACKOFF_BASE_MS: '100',
    WEBHOOK_BACKOFF_MAX_MS: '400',
    ...environment,
  });
  cleanups.push(() => server.close());
  const client = clientOf({ database, server });
  /** Every delivery as admins see them (the newest 100 events). */
  const deliveries = async (): Promise<{ eventId: string; status: string; attempts: number; nextAttemptAt: string | null }[]> =>
    (await client.call(WEBHOOK_DELIVERIES, { first: 100 }, admin.token)).edges.map(({ node }: { node: object }) => node);
  return { secret, receiver, server, client, admin, deliveries };
}

const times = (ids: string[]) => Object.values(Object.groupBy(ids, (id) => id)).map((list) => list!.length);

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`webhooks to a faulty receiver, on ${backend.name}`, () => {
    for (const answer of ['trickle', '200-then-drop'] as const) {
      it(`count a 2xx status within the timeout as delivered, without its body (${answer})`, async () => {
        const { receiver, client, deliveries } = await setup(backend.create);
        receiver.answer(() => answer);
        await client.account();
        // Created, activated, signed in, session started.
        await until(async () => (await deliveries()).filter(({ status }) => status === 'DELIVERED').length === 4, patienceMs);
        // Each sent once, at the first attempt: nothing is pending, so nothing more can come.
        expect((await deliveries()).map(({ status, attempts }) => [status, attempts])).toEqual(Array(4).fill(['DELIVERED', 1]));
        expect(times(receiver.received.map(({ id }) => id))).toEqual(Array(4).fill(1));
      });
    }

    it('hold back only the refused event’s user: other users’ events go on, hers wait, then follow in order', async () => {
      const { receiver, client } = await setup(backend.create);
      const ada = await client.account({ activated: false });
      // Every attempt at Ada's activation is refused (a 4xx is retried like a 5xx).
      const refused = (body: { type: string; userId: string } | null) => body?.type === 'UserActivated' && body.userId === ada.id;
      receiver.answer((_request, body) => (refused(body) ? 422 : 200));
      await client.call(ACTIVATE, { input: { email: ada.email, password: 'correct horse battery' } });
      await client.signIn(ada.email);
      const bea = await client.account();
      const sentFor = (userId: string) => receiver.received.filter(({ body }) => body?.userId === userId);
      await until(() => sentFor(bea.id).length === 4 && sentFor(ada.id).filter(({ body }) => refused(body)).length >= 3, patienceMs);
      expect(sentFor(bea.id).map(({ body, status }) => [body.type, status])).toEqual([
        ['UserCreated', 200],
        ['UserActivated', 200],
        ['UserSignedIn', 200],
        ['SessionStarted', 200],
      ]);
      // Ada's sign-in and session wait behind her refused activation.
      expect(new Set(sentFor(ada.id).map(({ body }) => body.type))).toEqual(new Set(['UserCreated', 'UserActivated']));

      receiver.answer(() => 200);
      await until(() => sentFor(ada.id).some(({ body }) => body.type === 'SessionStarted'), patienceMs);
      expect(
        sentFor(ada.id)
          .filter(({ status }) => status === 200)
          .map(({ body }) => body.type),
      ).toEqual(['UserCreated', 'UserActivated', 'UserSignedIn', 'SessionStarted']);
    });

    it('send the backlog at once after an outage, once one attempt succeeds, rather than at each event’s next retry', async () => {
      // A first retry 15 to 30 s after a failure.
      const { secret, receiver, server, client, deliveries } = await setup(backend.create, {
        WEBHOOK_BACKOFF_BASE_MS: '30000',
        WEBHOOK_BACKOFF_MAX_MS: '60000',
      });
      await receiver.close();
      const [ada, bea] = [await client.account(), await client.account()];
      const failed = () => server.logs.filter((line) => line.includes('webhook delivery failed: trying again later'));
      await until(() => failed().length === 2, patienceMs);
      // Each user's first event failed once; the rest wait behind it.
      const retrying = (await deliveries()).filter(({ attempts }) => attempts === 1);
      expect(retrying).toHaveLength(2);
      const firstRetry = Math.min(...retrying.map(({ nextAttemptAt }) => Date.parse(nextAttemptAt!)));
      expect(firstRetry).toBeGreaterThan(Date.now() + 10_000);

      const back = await startWebhookReceiver(secret, receiver.port);
      cleanups.push(back.close);
      const carl = await client.account();
      // Four events each: created, activated, signed in, session started.
      await until(() => back.acknowledged().length === 12, patienceMs);
      expect(Date.now()).toBeLessThan(firstRetry);
      const users = new Set(back.received.map(({ body }) => body.userId));
      expect(users).toEqual(new Set([ada.id, bea.id, carl.id]));
      expect(times(back.received.map(({ id }) => id))).toEqual(Array(12).fill(1));
    });
  });
}
