import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { emailHasher } from '../../src/infrastructure/credential-audit-sink.ts';
import { MikroOrmAuditTrail } from '../../src/infrastructure/mikro-orm/audit-trail.ts';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { clientOf, password } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { SIGN_IN, SUSPEND_USER } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { serverForSuite, startServer, testAuditHashKey } from '../support/server.ts';

/** The server's outbox, read through an ORM of the test's own on the same database. */
async function outboxOf(databaseUrl: string) {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  return { trail: new MikroOrmAuditTrail(orm), close: () => orm.close() };
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`the outbox through HTTP on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const client = clientOf(suite);
    const cleanups = cleanupsAfterEach();
    const outbox = async () => {
      const opened = await outboxOf(suite.database.url);
      cleanups.push(opened.close);
      return opened.trail;
    };

    it("holds each mutation's event, failed checks with the client's address, and admins as actors", async () => {
      const ada = await client.account();
      const admin = await client.admin();
      await suite.server.graphql(SIGN_IN, { input: { email: ada.email, password: 'wrong password' } });
      const nobody = `${randomUUID()}@doe.com`;
      await suite.server.graphql(SIGN_IN, { input: { email: nobody, password } });
      const suspended = await client.call(SUSPEND_USER, { id: ada.id, input: { reason: 'Spam' } }, admin.token);
      expect(suspended.__typename).toBe('User');

      const trail = await outbox();
      const rows = (await trail.page({ userId: ada.id, limit: 10 })).reverse();
      expect(rows.map(({ type, actor, clientAddress }) => [type, actor.kind, clientAddress])).toEqual([
        ['UserCreated', 'SELF', null],
        ['UserActivated', 'SELF', null],
        ['UserSignedIn', 'SELF', null],
        // A session event's address is its row's too.
        ['SessionStarted', 'SELF', '127.0.0.1'],
        ['SignInFailed', 'ANONYMOUS', '127.0.0.1'],
        ['UserSuspended', 'ADMIN', null],
        ['SessionEnded', 'ADMIN', null],
      ]);
      expect(rows[5]!.actor).toEqual({ kind: 'ADMIN', id: admin.id });
      // The hash the audit log line of that attempt carries: the row and the line can be matched.
      const [unknown] = (await trail.page({ types: ['SignInFailed'], limit: 10 })).filter(({ userId }) => userId === null);
      expect(unknown!.payload).toEqual({ reason: 'UNKNOWN_EMAIL', emailHash: emailHasher(testAuditHashKey)(nobody) });
      expect(JSON.stringify(rows)).not.toMatch(/argon2|correct horse/);
    });

    it('prunes rows older than AUDIT_RETENTION_DAYS when the app starts', async () => {
      const trail = await outbox();
      const event = { type: 'SignInFailed', actor: { kind: 'ANONYMOUS' }, reason: 'UNKNOWN_EMAIL', clientAddress: '192.0.2.1' } as const;
      const [old, recent] = [40, 20].map((days) => ({
        ...event,
        id: randomUUID(),
        userId: null,
        emailHash: emailHasher(testAuditHashKey)(`${days}@doe.com`),
        occurredAt: new Date(Date.now() - days * 86_400_000),
      }));
      for (const row of [old!, recent!]) await trail.record(row);
      const ids = async () => (await trail.page({ types: ['SignInFailed'], limit: 100 })).map(({ id }) => id);
      expect(await ids()).toEqual(expect.arrayContaining([old!.id, recent!.id]));
      const restarted = await startServer({ DATABASE_URL: suite.database.url, AUDIT_RETENTION_DAYS: '30' });
      cleanups.push(() => restarted.close());
      await expect.poll(ids, { timeout: patienceMs }).not.toContain(old!.id);
      expect(await ids()).toContain(recent!.id);
    });
  });
}
