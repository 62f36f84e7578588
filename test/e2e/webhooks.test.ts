import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { sessionEventTypes } from '../../src/domain/session-events.ts';
import { userEventTypes } from '../../src/domain/user-events.ts';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { clientOf, password } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends, type TestDatabase } from '../support/databases.ts';
import {
  CHANGE_PASSWORD,
  DEACTIVATE,
  DELETE_USER,
  REDELIVER_WEBHOOK,
  REINSTATE_USER,
  SET_USER_ROLE,
  SIGN_IN,
  SIGN_OUT_EVERYWHERE,
  SUSPEND_USER,
  UPDATE_ME,
  WEBHOOK_DELIVERIES,
} from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { startServer } from '../support/server.ts';
import { sessionClientOf } from '../support/session-operations.ts';
import { until } from '../support/until.ts';
import { byUser } from '../support/webhook-processes.ts';
import { startWebhookReceiver, webhookSecret } from '../support/webhook-receiver.ts';

const cleanups = cleanupsAfterEach();

/** A receiver, a database and a server that sends it webhooks, retrying quickly; all closed after the test. */
async function webhookSetup(createDatabase: () => Promise<TestDatabase>, environment: NodeJS.ProcessEnv = {}) {
  const secret = webhookSecret();
  const receiver = await startWebhookReceiver(secret);
  cleanups.push(receiver.close);
  const database = await createDatabase();
  cleanups.push(() => database.drop());
  const server = await startServer({
    DATABASE_URL: database.url,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: secret,
    WEBHOOK_BACKOFF_BASE_MS: '20',
    WEBHOOK_BACKOFF_MAX_MS: '100',
    WEBHOOK_TIMEOUT_MS: '2000',
    ...environment,
  });
  const suite = { database, server };
  cleanups.push(() => server.close());
  return { secret, receiver, suite, client: clientOf(suite) };
}

/** The outbox's domain events (id and user), in the order written (its positions). */
async function outboxOrder(databaseUrl: string): Promise<{ id: string; userId: string | null }[]> {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const rows = await new MikroOrmAuditTrail(orm).page({ limit: 1000 });
    return rows
      .filter(({ type }) => type !== 'SignInFailed')
      .reverse()
      .map(({ id, userId }) => ({ id, userId }));
  } finally {
    await orm.close();
  }
}

const AUDIT_ACTORS = 'query { auditEvents(first: 100) { ... on AuditEventConnection { edges { node { id actor { kind id } } } } } }';

/**
 * How many deliveries the database records as delivered. Once every one is, no attempt is under
 * way, so no further copy can arrive: what a pause after the last one arrived would only guess.
 */
async function deliveredCount(databaseUrl: string): Promise<number> {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const [row] = await orm.em.getConnection().execute("select count(*) as n from webhook_deliveries where status = 'delivered'");
    return Number(row.n);
  } finally {
    await orm.close();
  }
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`webhooks on ${backend.name}`, () => {
    it('deliver every event type once, signed (standardwebhooks verifies each), with its id, type, time, user, actor and payload', async () => {
      // No grace: a refresh token replayed at once is reuse.
      const { receiver, suite, client } = await webhookSetup(backend.create, { REFRESH_REUSE_GRACE_SECONDS: '0' });
      const admin = await client.admin();
      const [ada, bea, cy] = [await client.account(), await client.account(), await client.account()];
      const sessions = sessionClientOf(suite);
      const { refreshToken } = await sessions.signIn(cy.email);
      expect((await sessions.refresh(refreshToken)).__typename).toBe('SignInPayload');
      await until(async () => (await sessions.refresh(refreshToken)).__typename === 'RefreshTokenReusedError', patienceMs);
      await client.call(UPDATE_ME, { input: { name: 'Augusta' } }, ada.token);
      const changed = await client.call(
        CHANGE_PASSWORD,
        { input: { currentPassword: password, newPassword: 'another horse battery' } },
        ada.token,
      );
      await client.call(SIGN_OUT_EVERYWHERE, {}, changed.token);
      await client.call(DEACTIVATE, { input: { email: ada.email, password: 'another horse battery' } });
      await client.call(SUSPEND_USER, { id: bea.id, input: { reason: 'Spam' } }, admin.token);
      await client.call(REINSTATE_USER, { id: bea.id }, admin.token);
      await client.call(SET_USER_ROLE, { id: bea.id, role: 'ADMIN' }, admin.token);
      await client.call(DELETE_USER, { id: bea.id }, admin.token);
      // Neither a failed credential check (a security event) nor a change rolled back is sent.
      await client.call(SIGN_IN, { input: { email: ada.email, password: 'wrong password' } });
      expect((await client.call(SET_USER_ROLE, { id: admin.id, role: 'USER' }, admin.token)).__typename).toBe('LastAdminError');

      // admin: created, activated, signed in, its session started, and promoted by admin:grant's use
      // case (a unit of work of its own, which knows nothing of webhooks); ada: 9 events (her password
      // change keeps the session it was made in, signing out everywhere ends it); bea: created,
      // activated, signed in, session started, and 5 by the admin (the suspension ends her session);
      // cy: 4, then another sign-in and session, and the replayed token's reuse and the session's end.
      const expected = 5 + 9 + 9 + 8;
      await until(async () => (await deliveredCount(suite.database.url)) === expected, patienceMs);
      expect(receiver.received).toHaveLength(expected);
      expect(receiver.received.every(({ body, status }) => body !== null && status === 200)).toBe(true);
      const bodies = receiver.received.map(({ body }) => body);
      expect(new Set(bodies.map(({ id }) => id)).size).toBe(expected);
      expect(receiver.received.every(({ id, body }) => id === body.id)).toBe(true);
      expect(new Set(bodies.map(({ type }) => type))).toEqual(new Set([...userEventTypes, ...sessionEventTypes]));
      // Each user's in the order written.
      expect(byUser(bodies.map(({ id, userId }) => ({ id, userId })))).toEqual(byUser(await outboxOrder(suite.database.url)));
      expect(bodies.filter(({ userId }) => userId === ada.id).map(({ type }) => type)).toEqual([
        'UserCreated',
        'UserActivated',
        'UserSignedIn',
        'SessionStarted',
        'UserUpdated',
        'PasswordChanged',
        'TokensRevoked',
        'SessionEnded',
        'UserDeactivated',
      ]);
      expect(bodies.find(({ type }) => type === 'UserSuspended')).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'UserSuspended',
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        userId: bea.id,
        actor: { kind: 'ADMIN', id: admin.id },
        payload: { reason: 'Spam', until: null },
      });
      expect(bodies.find(({ type, userId }) => type === 'UserUpdated' && userId === ada.id)).toMatchObject({
        actor: { kind: 'SELF', id: ada.id },
        payload: { changed: ['name'], name: 'Augusta' },
      });
      expect(JSON.stringify(bodies)).not.toMatch(/argon2|horse/);
      // One spelling of who acted: each event's actor as GraphQL's audit trail shows it, to the letter.
      const trail = await client.call(AUDIT_ACTORS, {}, admin.token);
      const actors = new Map(trail.edges.map(({ node }: { node: { id: string; actor: object } }) => [node.id, node.actor]));
      expect(bodies.map(({ id, actor }) => ({ id, actor: { id: null, ...actor } }))).toEqual(
        bodies.map(({ id }) => ({ id, actor: actors.get(id) })),
      );
      expect(new Set(bodies.map(({ actor }) => actor.kind))).toEqual(new Set(['SELF', 'ADMIN', 'SYSTEM']));

      // Admins see each delivery, delivered at the first attempt.
      const page = await client.call(WEBHOOK_DELIVERIES, { status: 'DELIVERED', first: 100 }, admin.token);
      expect(page.edges).toHaveLength(expected);
      expect(page.edges[0].node).toMatchObject({
        url: receiver.url,
        status: 'DELIVERED',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
      });
      expect(suite.server.logs.join('')).not.toMatch(/whsec_/);
    });

    it('hold each user’s later events back while the receiver is down (refusing, then answering 503), then deliver all, each user’s in order, each once', async () => {
      const { secret, receiver, suite, client } = await webhookSetup(backend.create);
      await receiver.close();
      await client.account();
      await client.account();
      await until(() => suite.server.logs.some((line) => line.includes('ECONNREFUSED')), patienceMs);
      // Back on the same port, answering 503 for a while.
      const back = await startWebhookReceiver(secret, receiver.port);
      cleanups.push(back.close);
      back.answer(() => 503);
      await until(() => back.received.length >= 3, patienceMs);
      back.answer(() => 200);
      // Each: created, activated, signed in, session started.
      await until(async () => (await deliveredCount(suite.database.url)) === 8, patienceMs);
      const order = await outboxOrder(suite.database.url);
      expect(order).toHaveLength(8);
      const acknowledged = back.received.filter(({ status }) => status === 200).map(({ body: { id, userId } }) => ({ id, userId }));
      expect(acknowledged).toHaveLength(8);
      expect(byUser(acknowledged)).toEqual(byUser(order));
      // While it was down, only each user's first event was tried: nothing of theirs overtook it.
      const firsts = Object.values(byUser(order)).map(([first]) => first);
      expect(new Set(back.received.filter(({ status }) => status === 503).map(({ id }) => id))).toEqual(new Set(firsts));
      const retried = suite.server.logs.filter((line) => line.includes('webhook delivery failed: trying again later'));
      expect(retried.length).toBeGreaterThanOrEqual(3);
      expect(JSON.parse(retried[0]!)).toMatchObject({ level: 40, eventId: order[0]!.id, eventType: 'UserCreated', url: receiver.url });
    });

    it('mark a delivery failed after WEBHOOK_MAX_ATTEMPTS, list it for admins, and send it again on redeliverWebhook', async () => {
      const { receiver, suite, client } = await webhookSetup(backend.create, { WEBHOOK_MAX_ATTEMPTS: '2' });
      const admin = await client.admin();
      // Created, activated, signed in, session started, promoted.
      await until(() => receiver.acknowledged().length >= 5, patienceMs);
      receiver.answer(() => 500);
      const ada = await client.account({ activated: false });
      const failed = async () => (await client.call(WEBHOOK_DELIVERIES, { status: 'FAILED' }, admin.token)).edges;
      await until(async () => (await failed()).length === 1, patienceMs);
      const [edge] = await failed();
      expect(edge.node).toMatchObject({
        eventType: 'UserCreated',
        url: receiver.url,
        status: 'FAILED',
        attempts: 2,
        lastError: 'HTTP 500',
        nextAttemptAt: null,
        deliveredAt: null,
      });
      expect(suite.server.logs.some((line) => line.includes('webhook delivery failed for good'))).toBe(true);

      receiver.answer(() => 200);
      const redelivered = await client.call(REDELIVER_WEBHOOK, { eventId: edge.node.eventId.toUpperCase() }, admin.token);
      expect(redelivered).toMatchObject({ __typename: 'RedeliveredWebhook', eventId: edge.node.eventId });
      expect(redelivered.deliveries).toEqual([expect.objectContaining({ status: 'PENDING', attempts: 0, lastError: 'HTTP 500' })]);
      await until(() => receiver.acknowledged().includes(edge.node.eventId), patienceMs);
      expect(await failed()).toEqual([]);
      const again = await client.call(REDELIVER_WEBHOOK, { eventId: edge.node.eventId }, admin.token);
      expect(again.deliveries).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 1, deliveredAt: expect.any(String) })]);

      const notFound = { __typename: 'WebhookEventNotFoundError', message: 'No webhook delivery has this event id' };
      for (const eventId of [randomUUID(), 'not-a-uuid']) {
        expect(await client.call(REDELIVER_WEBHOOK, { eventId }, admin.token)).toEqual(notFound);
      }
      const user = await client.account();
      expect((await client.call(REDELIVER_WEBHOOK, { eventId: edge.node.eventId }, user.token)).__typename).toBe('ForbiddenError');
      expect((await client.call(WEBHOOK_DELIVERIES, {})).__typename).toBe('NotAuthenticatedError');
      void ada;
    });

    it('page through deliveries newest event first, by cursor', async () => {
      const { receiver, suite, client } = await webhookSetup(backend.create);
      const admin = await client.admin();
      await client.account({ activated: false });
      await until(() => receiver.acknowledged().length >= 5, patienceMs);
      const first = await client.call(WEBHOOK_DELIVERIES, { first: 3 }, admin.token);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = await client.call(WEBHOOK_DELIVERIES, { first: 3, after: first.pageInfo.endCursor }, admin.token);
      expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges.at(-1).cursor });
      const ids = [...first.edges, ...rest.edges].map(({ node }: { node: { eventId: string } }) => node.eventId);
      expect(ids).toEqual((await outboxOrder(suite.database.url)).map(({ id }) => id).reverse());
      // The largest position a cursor may hold is a bigint on PostgreSQL too: every event lies before it.
      const farthest = Buffer.from(JSON.stringify(['webhook', 2 ** 53 - 1])).toString('base64url');
      expect(await client.call(WEBHOOK_DELIVERIES, { first: 100, after: farthest }, admin.token)).toEqual(
        await client.call(WEBHOOK_DELIVERIES, { first: 100 }, admin.token),
      );
      expect(await client.call(WEBHOOK_DELIVERIES, { after: 'nonsense' }, admin.token)).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ path: ['after'], code: 'INVALID_CURSOR' }],
      });
    });
  });
}
