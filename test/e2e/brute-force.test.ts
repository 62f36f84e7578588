import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestDatabase } from '../support/databases.ts';
import { ACTIVATE, CREATE_USER, DEACTIVATE, SIGN_IN } from '../support/operations.ts';
import { redisAvailable, redisUrl } from '../support/redis.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { startServer, type TestServer } from '../support/server.ts';

const [sqlite, postgresql] = databaseBackends;
const stores = [
  { name: 'SQLite', available: true, database: sqlite!.create, environment: {} },
  { name: 'PostgreSQL', available: postgresql!.available, database: postgresql!.create, environment: {} },
  { name: 'Redis', available: redisAvailable, database: sqlite!.create, environment: { REDIS_URL: redisUrl } },
];
const limits = {
  AUTH_MAX_FAILURES_PER_EMAIL: '3',
  AUTH_MAX_FAILURES_PER_IP: '6',
  AUTH_FAILURE_WINDOW_SECONDS: '2',
  CREATE_USER_MAX_PER_IP: '3',
  TRUST_PROXY: 'loopback',
};
const password = 'correct horse';
const wrongPassword = 'wrong horse';
/** A client address of the test's own (in 198.18.0.0/15, for tests), so no count is shared between tests. */
const newAddress = () => `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(1, 255)}`;
const tooMany = (seconds: number) => ({
  __typename: 'TooManyAttemptsError',
  message: `Too many attempts: try again in ${seconds} seconds`,
  retryAfterSeconds: seconds,
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const store of stores) {
  describe.skipIf(!store.available)(`brute-force limits with counts in ${store.name}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let twin: TestServer;
    beforeAll(async () => {
      database = await store.database();
      server = await startServer({ DATABASE_URL: database.url, ...limits, ...store.environment });
      twin = await startServer({ DATABASE_URL: database.url, ...limits, ...store.environment });
    });
    afterAll(async () => {
      await Promise.all([server.close(), twin.close()]);
      await database.drop();
    });

    async function send(query: string, input: object, from: string, via = server) {
      const response = await via.graphql(query, { input }, { 'x-forwarded-for': from });
      expect(response.status).toBe(200);
      return Object.values(response.body.data)[0] as { __typename: string; retryAfterSeconds?: number };
    }

    /** An active user of the test's own, created and activated from an address of its own. */
    async function activeUser() {
      const email = `${randomUUID()}@doe.com`;
      const from = newAddress();
      await send(CREATE_USER, { email, password, name: 'Brute', surname: 'Force' }, from);
      expect((await send(ACTIVATE, { email, password }, from)).__typename).toBe('User');
      return email;
    }

    async function fail(times: number, email: string, from: string, via = server) {
      for (let i = 0; i < times; i++) {
        expect((await send(SIGN_IN, { email, password: wrongPassword }, from, via)).__typename).toBe('InvalidCredentialsError');
      }
    }

    it('lock an email after 3 failures, for the right password too, on every credential mutation', async () => {
      const email = await activeUser();
      const from = newAddress();
      await fail(3, email, from);
      for (const mutation of [SIGN_IN, ACTIVATE, DEACTIVATE]) {
        const refusal = await send(mutation, { email, password }, newAddress());
        expect([tooMany(1), tooMany(2)]).toContainEqual(refusal);
      }
    });

    it("let another account's right password through from the same address", async () => {
      const [locked, other] = [await activeUser(), await activeUser()];
      const from = newAddress();
      await fail(3, locked, from);
      expect((await send(SIGN_IN, { email: other, password }, from)).__typename).toBe('SignInPayload');
    });

    it('lift the lock when the window has passed', async () => {
      const email = await activeUser();
      await fail(3, email, newAddress());
      expect((await send(SIGN_IN, { email, password }, newAddress())).__typename).toBe('TooManyAttemptsError');
      await pause(2100);
      expect((await send(SIGN_IN, { email, password }, newAddress())).__typename).toBe('SignInPayload');
    });

    it('start counting afresh after a success', async () => {
      const email = await activeUser();
      const from = newAddress();
      await fail(2, email, from);
      expect((await send(SIGN_IN, { email, password }, from)).__typename).toBe('SignInPayload');
      await fail(2, email, from);
      expect((await send(SIGN_IN, { email, password }, from)).__typename).toBe('SignInPayload');
    });

    it('lock an address after 6 failures across emails, not the others', async () => {
      const email = await activeUser();
      const from = newAddress();
      for (let i = 0; i < 6; i++) {
        expect((await send(SIGN_IN, { email: `${randomUUID()}@doe.com`, password }, from)).__typename).toBe('UserNotFoundError');
      }
      expect((await send(SIGN_IN, { email, password }, from)).__typename).toBe('TooManyAttemptsError');
      expect((await send(SIGN_IN, { email, password }, newAddress())).__typename).toBe('SignInPayload');
    });

    it('verify at most 3 of 30 concurrent wrong guesses on one account, for each credential mutation', async () => {
      for (const mutation of [SIGN_IN, ACTIVATE, DEACTIVATE]) {
        const email = await activeUser();
        const guesses = Array.from({ length: 30 }, (_, i) => send(mutation, { email, password: `wrong ${i}` }, newAddress()));
        const outcomes = (await Promise.all(guesses)).map((answer) => answer.__typename).sort();
        expect(outcomes).toEqual([...Array(3).fill('InvalidCredentialsError'), ...Array(27).fill('TooManyAttemptsError')]);
      }
    });

    it('verify at most 6 of 40 concurrent unknown emails from one address', async () => {
      const from = newAddress();
      const guesses = Array.from({ length: 40 }, () => send(SIGN_IN, { email: `${randomUUID()}@doe.com`, password }, from));
      const outcomes = (await Promise.all(guesses)).map((answer) => answer.__typename).sort();
      expect(outcomes).toEqual([...Array(34).fill('TooManyAttemptsError'), ...Array(6).fill('UserNotFoundError')]);
    });

    it('refuse the fourth sign-up from one address within the hour', async () => {
      const from = newAddress();
      const signUp = () => send(CREATE_USER, { email: `${randomUUID()}@doe.com`, password, name: 'S', surname: 'U' }, from);
      for (let i = 0; i < 3; i++) expect((await signUp()).__typename).toBe('User');
      const refusal = await signUp();
      expect(refusal.__typename).toBe('TooManyAttemptsError');
      expect(refusal.retryAfterSeconds).toBeGreaterThan(3590);
      expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(3600);
    });

    it('share the counts between two instances of the service', async () => {
      const email = await activeUser();
      await fail(2, email, newAddress(), server);
      await fail(1, email, newAddress(), twin);
      expect((await send(SIGN_IN, { email, password }, newAddress(), server)).__typename).toBe('TooManyAttemptsError');
    });

    it('logged and answered no password and no hash', () => {
      expectNoSecrets([server, twin], [password, wrongPassword]);
    });
  });
}

describe('the client address', () => {
  it('is counted in its canonical form, IPv4-mapped addresses unmapped, and IPv6 by its /64', async () => {
    const database = await sqlite!.create();
    const server = await startServer({ DATABASE_URL: database.url, AUTH_MAX_FAILURES_PER_IP: '2', TRUST_PROXY: 'loopback' });
    try {
      const attempt = async (from: string) => {
        const input = { email: `${randomUUID()}@doe.com`, password };
        return (await server.graphql(SIGN_IN, { input }, { 'x-forwarded-for': from })).body.data.signIn.__typename;
      };
      const sameClients = [
        ['2001:DB8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::ffff:1234:5678:9abc'],
        ['198.51.100.7', '::ffff:198.51.100.7', '::FFFF:c633:6407'],
      ];
      for (const [first, second, third] of sameClients) {
        expect([await attempt(first!), await attempt(second!), await attempt(third!)]).toEqual([
          'UserNotFoundError',
          'UserNotFoundError',
          'TooManyAttemptsError',
        ]);
      }
      // The next /64 is another client.
      expect(await attempt('2001:db8:0:1::1')).toBe('UserNotFoundError');
    } finally {
      await server.close();
      await database.drop();
    }
  });

  it('is the socket address, whatever X-Forwarded-For says, unless TRUST_PROXY names the proxy', async () => {
    const database = await sqlite!.create();
    const server = await startServer({ DATABASE_URL: database.url, AUTH_MAX_FAILURES_PER_IP: '2' });
    try {
      const attempt = (from: string) =>
        server.graphql(SIGN_IN, { input: { email: `${randomUUID()}@doe.com`, password } }, { 'x-forwarded-for': from });
      expect((await attempt('192.0.2.1')).body.data.signIn.__typename).toBe('UserNotFoundError');
      expect((await attempt('192.0.2.2')).body.data.signIn.__typename).toBe('UserNotFoundError');
      expect((await attempt('192.0.2.3')).body.data.signIn).toMatchObject({ __typename: 'TooManyAttemptsError' });
    } finally {
      await server.close();
      await database.drop();
    }
  });
});
