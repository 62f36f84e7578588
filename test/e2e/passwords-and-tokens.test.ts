import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fastArgon2 } from '../support/argon2-presets.ts';
import { databaseBackends, openMigratedOrm } from '../support/databases.ts';
import { ACTIVATE, CREATE_USER, DEACTIVATE, ME, SIGN_IN } from '../support/operations.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { serverForSuite, startServer, type TestServer } from '../support/server.ts';

const password = 'ｃｏｒｒｅｃｔ ｈｏｒｓｅ'; // full-width: NFKC makes it "correct horse"
const asciiPassword = 'correct horse';

async function data(server: TestServer, query: string, input: object, headers?: Record<string, string>) {
  const response = await server.graphql(query, { input }, headers);
  expect(response.status).toBe(200);
  return Object.values(response.body.data)[0] as Record<string, unknown> | null;
}

async function activeUser(server: TestServer) {
  const email = `${randomUUID()}@doe.com`;
  await data(server, CREATE_USER, { email, password, name: 'Pass', surname: 'Word' });
  await data(server, ACTIVATE, { email, password });
  return email;
}

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`passwords and tokens on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const others: TestServer[] = [];

    it('refuses a common password, saying why', async () => {
      const input = { email: 'common@doe.com', password: 'Password123', name: 'C', surname: 'P' };
      expect(await data(suite.server, CREATE_USER, input)).toEqual({
        __typename: 'ValidationError',
        message: 'The input is invalid',
        fieldErrors: [{ path: ['input', 'password'], message: 'This password is too common: choose one that is harder to guess' }],
      });
    });

    it('matches a password typed in another form (NFKC)', async () => {
      const email = await activeUser(suite.server);
      expect(await data(suite.server, SIGN_IN, { email, password: asciiPassword })).toMatchObject({
        __typename: 'SignInPayload',
      });
    });

    it('renews a hash made with older argon2 parameters on the next successful check', async () => {
      const email = await activeUser(suite.server);
      const stronger = await startServer({ DATABASE_URL: suite.database.url, ARGON2_MEMORY_KIB: String(fastArgon2.memoryCost * 2) });
      others.push(stronger);
      const storedHash = async () => {
        const orm = await openMigratedOrm(suite.database.url);
        const [row] = await orm.em.getConnection().execute('select password_hash from users where email = ?', [email]);
        await orm.close();
        return row.password_hash as string;
      };
      expect(await storedHash()).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=2\$/);
      expect(await data(stronger, SIGN_IN, { email, password: asciiPassword })).toMatchObject({ __typename: 'SignInPayload' });
      expect(await storedHash()).toMatch(/^\$argon2id\$v=19\$m=2048,p=1,t=2\$/);
      expect(await data(stronger, SIGN_IN, { email, password })).toMatchObject({ __typename: 'SignInPayload' });
    });

    it('refuses tokens issued before a deactivation, even after activating again', async () => {
      const email = await activeUser(suite.server);
      const { token: before } = (await data(suite.server, SIGN_IN, { email, password })) as { token: string };
      const me = async (token: string) => (await suite.server.graphql(ME, {}, { authorization: `Bearer ${token}` })).body.data.me;
      expect(await me(before)).toMatchObject({ email });
      await data(suite.server, DEACTIVATE, { email, password });
      await data(suite.server, ACTIVATE, { email, password });
      expect(await me(before)).toBeNull();
      const { token: after } = (await data(suite.server, SIGN_IN, { email, password })) as { token: string };
      expect(await me(after)).toMatchObject({ email, active: true });
    });

    it('accepts a token signature only in its one canonical base64url spelling', async () => {
      const email = await activeUser(suite.server);
      const me = async (token: string) => (await suite.server.graphql(ME, {}, { authorization: `Bearer ${token}` })).body.data.me;
      // A signature with a '-' or '_' in it, so that its standard base64 spelling differs.
      let token = '';
      while (!/[-_]/.test(token.split('.')[2] ?? '')) {
        if (token) await new Promise((resolve) => setTimeout(resolve, 300)); // a token of the next second differs
        token = ((await data(suite.server, SIGN_IN, { email, password })) as { token: string }).token;
      }
      const [head, body, signature] = token.split('.') as [string, string, string];
      // 32 bytes are 43 characters: the last one carries 4 bits and 2 of padding, which decoding ignores.
      const last = signature.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
      expect(await me(token)).toMatchObject({ email });
      for (const variant of [`${signature.slice(0, -1)}${sibling}`, `${signature}=`, signature.replaceAll('-', '+').replaceAll('_', '/')]) {
        expect(Buffer.from(variant, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
        expect(await me(`${head}.${body}.${variant}`)).toBeNull();
      }
    });

    it('answers an unknown email as a wrong password in uniform mode', async () => {
      const uniform = await startServer({ DATABASE_URL: suite.database.url, AUTH_UNIFORM_ERRORS: 'true' });
      others.push(uniform);
      const email = await activeUser(suite.server);
      const invalid = { __typename: 'InvalidCredentialsError', message: 'The email or password is incorrect' };
      for (const mutation of [SIGN_IN, ACTIVATE, DEACTIVATE]) {
        expect(await data(uniform, mutation, { email: `${randomUUID()}@doe.com`, password })).toEqual(invalid);
        expect(await data(uniform, mutation, { email, password: 'wrong horse' })).toEqual(invalid);
      }
    });

    it('answers every failure as slowly as the slowest hash in use, in uniform mode, after the argon2 cost went down', async () => {
      const oldCost = { ARGON2_MEMORY_KIB: '16384', ARGON2_TIME_COST: '3', ARGON2_PARALLELISM: '1' };
      const before = await startServer({ DATABASE_URL: suite.database.url, ...oldCost });
      others.push(before);
      const oldHash = await activeUser(before);
      const unlimited = { AUTH_MAX_FAILURES_PER_EMAIL: '100000', AUTH_MAX_FAILURES_PER_IP: '100000' };
      const after = await startServer({ DATABASE_URL: suite.database.url, AUTH_UNIFORM_ERRORS: 'true', ...unlimited });
      others.push(after);
      const newHash = await activeUser(after);
      const took = async (email: string) => {
        const started = performance.now();
        expect(await data(after, SIGN_IN, { email, password: 'wrong horse' })).toMatchObject({ __typename: 'InvalidCredentialsError' });
        return performance.now() - started;
      };
      // Each round pairs an old-cost account's failure with the two that follow: the padding they
      // get is that verify's own measured time. Compared per round, a slower or faster patch of a
      // busy machine shifts both sides; compared as whole medians, it decided the answer alone.
      const ratios = { newHash: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < 9; i++) {
        const old = await took(oldHash);
        ratios.newHash.push((await took(newHash)) / old);
        ratios.unknown.push((await took(`${randomUUID()}@doe.com`)) / old);
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[4]!;
      // Before: an old-cost account took ~10x an unknown email. Padding only adds, so a floor holds under load.
      expect(median(ratios.unknown)).toBeGreaterThanOrEqual(0.8);
      expect(median(ratios.newHash)).toBeGreaterThanOrEqual(0.8);
    });

    it('logged and answered no password and no hash', async () => {
      await Promise.all(others.map((server) => server.close()));
      expectNoSecrets([suite.server, ...others], [password, asciiPassword, 'wrong horse', 'Password123']);
    });
  });
}
