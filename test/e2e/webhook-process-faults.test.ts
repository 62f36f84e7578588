import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { databaseBackends } from '../support/databases.ts';
import { activeUser } from '../support/graphql-client.ts';
import { CREATE_USER } from '../support/operations.ts';
import { patienceMs } from '../support/patience.ts';
import { startServer } from '../support/server.ts';
import { until } from '../support/until.ts';
import { receiverAndEnvironment } from '../support/webhook-processes.ts';

const cleanups = cleanupsAfterEach();
const run = promisify(execFile);

/** An ORM of the test's own on the database, to read what the server recorded. */
async function sqlOn(databaseUrl: string) {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  cleanups.push(() => orm.close());
  return (sql: string) => orm.em.getConnection().execute(sql);
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`webhook faults across processes, on ${backend.name}`, () => {
    it('send the events of `npm run admin:grant` run from a shell without WEBHOOK_URLS, through the server that has them', async () => {
      const { receiver, environment } = await receiverAndEnvironment(cleanups);
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const server = await startServer({ DATABASE_URL: database.url, ...environment });
      cleanups.push(() => server.close());
      const email = `${randomUUID()}@doe.com`;
      const created = await server.graphql(CREATE_USER, { input: { email, password: 'correct horse', name: 'Ada', surname: 'L' } });
      const userId = created.body.data.createUser.id;

      const granted = await run(process.execPath, ['src/cli/grant-admin.ts', email], {
        env: { PATH: process.env.PATH, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      });
      expect(granted.stdout).toBe(`${email} is now an active ADMIN.\n`);
      const about = () => receiver.received.filter(({ body }) => body?.userId === userId);
      await until(() => about().length === 3, patienceMs);
      expect(about().map(({ body: { type, actor, payload } }) => ({ type, actor, payload }))).toEqual([
        { type: 'UserCreated', actor: { kind: 'SELF', id: userId }, payload: expect.objectContaining({ email }) },
        { type: 'UserActivated', actor: { kind: 'SYSTEM' }, payload: {} },
        { type: 'RoleChanged', actor: { kind: 'SYSTEM' }, payload: { from: 'USER', to: 'ADMIN' } },
      ]);
    });

    it('record each delivery as it lands: after kill -9 mid-backlog only the attempts in flight go again, once their claims end within WEBHOOK_TIMEOUT_MS + 2 s', async () => {
      const timeoutMs = 10_000;
      const { receiver, environment } = await receiverAndEnvironment(cleanups, timeoutMs);
      const database = await backend.create();
      cleanups.push(() => database.drop());
      const env = { ...environment, DATABASE_URL: database.url };
      // Shut until the backlog is written (well within the timeout), then an answer in 100 ms.
      let open = false;
      let answering = 0;
      receiver.answer(async () => {
        answering += 1;
        await until(() => open, timeoutMs);
        await sleep(100);
        answering -= 1;
        return 200;
      });
      const first = await startServer(env, { in: 'child process', cleanups });
      for (let i = 0; i < 15; i += 5) await Promise.all(Array.from({ length: 5 }, () => activeUser(first.origin)));
      open = true;
      await until(() => receiver.acknowledged().length >= 27, patienceMs);

      // What arrives from now on is held in flight. Killed once every delivery answered is recorded
      // and every one claimed has arrived.
      receiver.answer(() => 'hold');
      const sql = await sqlOn(database.url);
      const count = async (where: string) => Number((await sql(`select count(*) as n from webhook_deliveries where ${where}`))[0].n);
      const held = () => receiver.received.filter(({ status }) => status === null).length;
      await until(
        async () =>
          answering === 0 &&
          held() > 0 &&
          (await count("status = 'delivered'")) === receiver.acknowledged().length &&
          (await count('claimed_until is not null')) === held(),
        patienceMs,
      );
      first.app.child.kill('SIGKILL');
      await first.app.exitCode;
      const killedAt = Date.now();
      const acknowledged = new Set(receiver.acknowledged());
      const inFlight = receiver.received.filter(({ status }) => status === null).map(({ id }) => id);
      const claims: { claimed_until: Date | number | string }[] = await sql(
        "select claimed_until from webhook_deliveries where status = 'pending' and claimed_until is not null",
      );
      expect(claims).toHaveLength(inFlight.length);
      for (const { claimed_until } of claims) expect(new Date(claimed_until).getTime()).toBeLessThanOrEqual(killedAt + timeoutMs + 2000);

      receiver.answer(() => 200);
      await startServer(env, { in: 'child process', cleanups });
      // 15 users: created, activated, signed in, session started.
      await until(() => new Set(receiver.acknowledged()).size === 60, patienceMs);
      const sentAgain = receiver.received.slice(acknowledged.size + inFlight.length).map(({ id }) => id);
      // At least once: only what was in flight arrives twice; nothing recorded as delivered does.
      expect(sentAgain.filter((id) => acknowledged.has(id))).toEqual([]);
      expect(sentAgain.filter((id) => inFlight.includes(id)).sort()).toEqual([...inFlight].sort());
    });
  });
}
