import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormConfig } from '../../src/infrastructure/mikro-orm/orm-config.ts';
import { clientOf, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import { SIGN_OUT_EVERYWHERE } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';
import {
  CHANGE_PASSWORD_IN_SESSION,
  REVOKE_OTHER_SESSIONS,
  REVOKE_SESSION,
  REVOKE_USER_SESSIONS,
  SIGN_IN_SESSION,
  SIGN_OUT,
  type SignedInSession,
  sessionClientOf,
} from '../support/session-operations.ts';

/** What a client may do next with one of its sessions. */
const step = fc.record({
  action: fc.constantFrom(
    'signIn',
    'refresh',
    'refreshTwice',
    'replayOld',
    'signOut',
    'revoke',
    'revokeOthers',
    'changePassword',
    'adminRevokesAll',
    'signOutEverywhere',
  ),
  session: fc.nat(),
});

/** Every row of every table, as text. */
async function everyRow(orm: MikroORM): Promise<string> {
  const connection = orm.em.getConnection();
  const tables: { name: string }[] =
    orm.em.getPlatform() instanceof PostgreSqlPlatform
      ? await connection.execute('select tablename as name from pg_tables where schemaname = current_schema()')
      : await connection.execute("select name from sqlite_master where type = 'table'");
  const rows = await Promise.all(tables.map(({ name }) => connection.execute(`select * from "${name}"`)));
  expect(tables.map(({ name }) => name)).toContain('sessions');
  return JSON.stringify(rows);
}

/** The parts of a token that would let someone use it: the whole, a JWT's signature, a refresh token's MAC. */
const secretPartsOf = (token: string) => [token, token.split('.').at(-1)!, token.slice(-43)];

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`session secrets on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create, { REFRESH_REUSE_GRACE_SECONDS: '0', LOG_LEVEL: 'trace' });
    const { account, admin } = clientOf(suite);
    const sessions = sessionClientOf(suite);
    const { ask, as } = sessions;
    let orm: MikroORM;
    beforeAll(async () => {
      orm = await MikroORM.init(ormConfig(suite.database.url));
    });
    afterAll(() => orm.close());

    it('no database row, log line or event ever holds an access token or a refresh token', async () => {
      const boss = await admin();
      const issued: string[] = [boss.token];
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
          const user = await account();
          let secret = password;
          issued.push(user.token);
          const held: (SignedInSession & { old?: string })[] = [await sessions.signIn(user.email)];
          const keep = (answer: { accessToken?: string; refreshToken?: string | null }) => {
            for (const token of [answer.accessToken, answer.refreshToken]) if (token) issued.push(token);
          };
          keep(held[0]!);
          for (const { action, session } of steps) {
            const mine = held[session % held.length]!;
            if (action === 'signIn') {
              const signedIn = await ask(SIGN_IN_SESSION, { input: { email: user.email, password: secret } });
              if (signedIn.accessToken) held.push(signedIn);
              keep(signedIn);
            } else if (action === 'refresh' || action === 'refreshTwice' || action === 'replayOld') {
              const token = action === 'replayOld' ? (mine.old ?? mine.refreshToken) : mine.refreshToken;
              const times = action === 'refreshTwice' ? 2 : 1;
              const answers = await Promise.all(Array.from({ length: times }, () => sessions.refresh(token)));
              for (const answer of answers) keep(answer);
              const renewed = answers.find((answer) => answer.__typename === 'SignInPayload');
              if (renewed)
                Object.assign(mine, { old: mine.refreshToken, accessToken: renewed.accessToken, refreshToken: renewed.refreshToken });
            } else if (action === 'changePassword') {
              const next = `${secret}!`;
              const changed = await ask(
                CHANGE_PASSWORD_IN_SESSION,
                { input: { currentPassword: secret, newPassword: next } },
                as(mine.accessToken),
              );
              if (changed.__typename === 'SignInPayload') {
                secret = next;
                mine.accessToken = changed.accessToken;
              }
              keep(changed);
            } else {
              const documents = {
                signOut: [SIGN_OUT, {}, mine.accessToken],
                revoke: [REVOKE_SESSION, { id: held[(session + 1) % held.length]!.session.id }, mine.accessToken],
                revokeOthers: [REVOKE_OTHER_SESSIONS, {}, mine.accessToken],
                adminRevokesAll: [REVOKE_USER_SESSIONS, { id: user.id }, boss.token],
                signOutEverywhere: [SIGN_OUT_EVERYWHERE, {}, mine.accessToken],
              } as const;
              const [document, variables, token] = documents[action];
              await ask(document, variables, as(token));
            }
          }
          const stored = await everyRow(orm);
          const logged = suite.server.logs.join('\n');
          for (const token of issued) {
            for (const part of secretPartsOf(token)) {
              expect(stored).not.toContain(part);
              expect(logged).not.toContain(part);
            }
          }
        }),
        { numRuns: 15 },
      );
      // The tokens checked are real: every one went out in an answer of this server.
      const answered = suite.server.responses.join('\n');
      for (const token of issued) expect(answered).toContain(token);
      // The property saw the events it is about: sessions started, ended, reused.
      expect(await everyRow(orm)).toMatch(/SessionStarted[\s\S]*SessionEnded/);
    });
  });
}
