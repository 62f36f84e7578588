import { generateKeyPairSync } from 'node:crypto';
import { get } from 'node:http';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bearer, clientOf } from '../support/accounts.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend } from '../support/databases.ts';
import { activeUser } from '../support/graphql-client.ts';
import { ME } from '../support/operations.ts';
import { logLines, serverForSuite, spawnServer, startServer, testJwtSecret } from '../support/server.ts';

const newSecret = 'Zq8Wv3Nc6Tb1Lm9Kx4Hd7Pf2Rs5Gj0Ya3Ue8Io1Wt6=';
const ed25519Pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const eddsa = (...keys: string[]) => ({ ACCESS_TOKEN_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEYS: keys.join('') });
const audience = { issuer: 'user-management-graphql', audience: 'user-management-graphql' };
const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe('signing keys, over HTTP, across restarts with other keys (SQLite)', () => {
  const suite = serverForSuite(sqliteBackend.create);
  const client = clientOf(suite);
  const restart = async (environment: NodeJS.ProcessEnv) => {
    await suite.server.close();
    suite.server = await startServer({ DATABASE_URL: suite.database.url, ...environment });
  };
  const me = async (token: string) => (await suite.server.graphql(ME, {}, bearer(token))).body.data.me;
  const jwks = () => fetch(`${suite.server.origin}/.well-known/jwks.json`);
  /** What another service holding only the JWKS URL makes of the token: its `sub`, or the error jose throws. */
  const remotely = async (token: string) => {
    const keySet = createRemoteJWKSet(new URL(`${suite.server.origin}/.well-known/jwks.json`));
    return jwtVerify(token, keySet, audience).then(
      ({ payload }) => payload.sub,
      (error: Error) => error,
    );
  };

  it('HS256: a token of the old secret still works after a rotation, and stops once the old secret is removed', async () => {
    const { email, token: old } = await client.account();
    await restart({ JWT_SECRET: `${newSecret}, ${testJwtSecret}` });
    expect(await me(old)).toMatchObject({ email });
    const fresh = await client.signIn(email);
    expect([kidOf(old), kidOf(fresh)]).toEqual([expect.stringMatching(/^[\w-]{16}$/), expect.stringMatching(/^[\w-]{16}$/)]);
    expect(kidOf(fresh)).not.toBe(kidOf(old));
    await restart({ JWT_SECRET: newSecret });
    expect(await me(old)).toBeNull();
    expect(await me(fresh)).toMatchObject({ email });
  });

  it('HS256: refuses a token under a kid it does not know, signed with its own secret; serves no JWKS (404)', async () => {
    await restart({});
    const { id, token } = await client.account();
    expect(await me(token)).toMatchObject({ id });
    // A second earlier than signIn's own, so the token is not the very one the server signed.
    const claims = { ...decodeJwt(token), iat: decodeJwt(token).iat! - 1 };
    const signedUnder = (kid: string | undefined) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(new TextEncoder().encode(testJwtSecret));
    // The same claims and secret: accepted under the secret's kid, refused under another.
    expect(await me(await signedUnder(kidOf(token)))).toMatchObject({ id });
    expect(await me(await signedUnder('not-a-key-of-ours'))).toBeNull();
    const response = await jwks();
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: 'not found: tokens are signed with HS256, which has no public key' });
  });

  it('EdDSA: other services verify tokens with the JWKS alone, through a rotation, until the old key is removed', async () => {
    const [oldKey, newKey] = [ed25519Pem(), ed25519Pem()];
    await restart(eddsa(oldKey));
    const { id, email } = await client.account();
    const old = await client.signIn(email);
    const served = await jwks();
    const header = (name: string) => served.headers.get(name);
    expect([served.status, header('cache-control'), header('content-type'), header('access-control-allow-origin')]).toEqual([
      200,
      'public, max-age=300',
      'application/json',
      '*',
    ]);
    const { keys } = await served.json();
    expect(keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/), kid: kidOf(old), alg: 'EdDSA', use: 'sig' },
    ]);
    expect(await remotely(old)).toBe(id);

    await restart(eddsa(newKey, oldKey));
    const fresh = await client.signIn(email);
    expect((await (await jwks()).json()).keys.map((key: { kid: string }) => key.kid)).toEqual([kidOf(fresh), kidOf(old)]);
    expect([await remotely(old), await remotely(fresh)]).toEqual([id, id]);
    expect([await me(old), await me(fresh)]).toEqual([expect.objectContaining({ id }), expect.objectContaining({ id })]);

    await restart(eddsa(newKey));
    expect((await (await jwks()).json()).keys.map((key: { kid: string }) => key.kid)).toEqual([kidOf(fresh)]);
    expect(await remotely(old)).toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(await me(old)).toBeNull();
    expect([await remotely(fresh), await me(fresh)]).toEqual([id, expect.objectContaining({ id })]);
  });

  it('answers 405 to anything but GET and HEAD on the JWKS', async () => {
    const response = await fetch(`${suite.server.origin}/.well-known/jwks.json`, { method: 'POST' });
    expect([response.status, response.headers.get('allow'), await response.json()]).toEqual([
      405,
      'GET, HEAD',
      { status: 'method not allowed' },
    ]);
  });
});

describe('a bad JWT_PRIVATE_KEYS', () => {
  it('stops the process at start, naming the variable, without the key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const app = spawnServer({ DATABASE_URL: 'sqlite::memory:', ...eddsa(ed25519Pem(), rsa) }, {});
    expect(await app.exitCode).toBe(1);
    expect(logLines(app)).toEqual([
      expect.objectContaining({
        level: 60,
        msg: 'Invalid configuration: JWT_PRIVATE_KEYS: key 2 of 2 is an rsa key, not Ed25519 (openssl genpkey -algorithm ed25519)',
      }),
    ]);
    expect(app.stdout()).not.toContain(rsa.split('\n')[1]);
  });
});

describe('EdDSA in a cluster (WEB_CONCURRENCY=2) with no JWT_PRIVATE_KEYS', () => {
  const cleanups = cleanupsAfterEach();

  it('signs in every worker with the one random key the primary made, and every worker serves it', async () => {
    const database = await sqliteBackend.create();
    cleanups.push(() => database.drop());
    const environment = { WEB_CONCURRENCY: '2', ACCESS_TOKEN_ALGORITHM: 'EdDSA', DATABASE_URL: database.url };
    const { origin } = await startServer(environment, { in: 'child process', cleanups });
    const { token } = await activeUser(origin);
    // A connection each: node:cluster hands each new one to the next worker.
    const answers = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve, reject) => {
            get(`${origin}/.well-known/jwks.json`, { agent: false }, (response) => {
              let text = '';
              response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
              response.on('end', () => resolve(text));
            }).on('error', reject);
          }),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0]!).keys.map((key: { kid: string }) => key.kid)).toEqual([kidOf(token)]);
  });
});
