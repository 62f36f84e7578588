/**
 * `npm run bench:tokens`: what EdDSA (Ed25519) access tokens cost next to HS256. First in this
 * process, per token: signing, a first verification (a token never seen: the signature checked) and
 * a repeated one (the verified-token cache). Then `me` req/s on the server as production runs it,
 * one server per algorithm on one seeded SQLite database, in alternating pairs: every request
 * carries the same token, as a client's do, so after the first only the cache is asked.
 *
 * BENCH_SECONDS: each run's length (default 3); BENCH_PAIRS: how many pairs (default 5);
 * BENCH_TOKENS: tokens per micro-measurement (default 5000, under the cache's 10,000).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import type { TokenSigning } from '../src/config/values/signing-keys.ts';
import type { User } from '../src/domain/user.ts';
import { systemClock } from '../src/infrastructure/system-clock.ts';
import { JwtTokenIssuer } from '../src/infrastructure/tokens/jwt-token-issuer.ts';
import { databaseBackends } from '../test/support/databases.ts';
import { ME, SIGN_IN } from '../test/support/operations.ts';
import { listed } from './support/figure.ts';
import { body, graphql } from './support/graphql-client.ts';
import { alternate, run } from './support/load.ts';
import { startProductionServer } from './support/production-server.ts';
import { emailOf, password, seededDatabase } from './support/seeded-database.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const pairs = Number(process.env.BENCH_PAIRS ?? 5);
const tokens = Number(process.env.BENCH_TOKENS ?? 5000);
const connections = 32;
const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const algorithms: { name: string; signing: TokenSigning; environment: Record<string, string> }[] = [
  { name: 'HS256', signing: { algorithm: 'HS256', secrets: ['B8tK2wQ9mZ4xR1vB7nC5yL3hJ6sF0dG2aE7uW4iO9lR='] }, environment: {} },
  {
    name: 'EdDSA',
    signing: { algorithm: 'EdDSA', privateKeys: [privateKey] },
    environment: { ACCESS_TOKEN_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEYS: privateKey },
  },
];

/** Microseconds per call of `step` over `count` calls (indexes count…2count-1), after `count` unrecorded ones to warm up. */
async function microseconds(count: number, step: (index: number) => unknown): Promise<number> {
  for (let i = 0; i < count; i++) await step(i);
  const started = performance.now();
  for (let i = count; i < 2 * count; i++) await step(i);
  return ((performance.now() - started) * 1000) / count;
}

async function perToken({ signing }: (typeof algorithms)[number]) {
  const users = Array.from({ length: 2 * tokens }, () => ({ id: randomUUID(), tokenVersion: 0 }) as User);
  const issuer = new JwtTokenIssuer({ signing, ttlSeconds: 3600, issuer: 'bench', audience: 'bench' }, systemClock);
  const issued = await Promise.all(users.map(async (user) => (await issuer.issue(user, randomUUID())).token));
  const sign = await microseconds(tokens, (i) => issuer.issue(users[i]!, randomUUID()));
  // Each token verified once, so each is unseen: its signature checked.
  const firstVerify = await microseconds(tokens, (i) => issuer.verify(issued[i]!));
  const repeatedVerify = await microseconds(tokens, () => issuer.verify(issued[0]!));
  return { sign, firstVerify, repeatedVerify };
}

const directory = mkdtempSync(join(tmpdir(), 'bench-tokens-'));
const sqlite = databaseBackends[0]!;
const database = await seededDatabase(sqlite.create, 1, await argon2.hash(password));
const servers = await Promise.all(
  algorithms.map(({ name, environment }) =>
    startProductionServer({ DATABASE_URL: database.url, ...environment }, join(directory, `${name}.log`)),
  ),
);
try {
  for (const algorithm of algorithms) {
    const { sign, firstVerify, repeatedVerify } = await perToken(algorithm);
    console.log(
      `${algorithm.name}: sign ${sign.toFixed(1)} µs, first verify ${firstVerify.toFixed(1)} µs, repeated verify ${repeatedVerify.toFixed(2)} µs per token`,
    );
  }
  const rateOf = async (url: string) => {
    const signedIn = (await graphql(url, SIGN_IN, { input: { email: emailOf(1), password } })).signIn as { token: string };
    const headers = { authorization: `Bearer ${signedIn.token}` };
    return async () => (await run({ url, bodies: [body(ME)], headers, connections }, seconds)).requestsPerSecond;
  };
  const [hs256, eddsa] = await Promise.all(servers.map(({ url }) => rateOf(url)));
  const result = await alternate(pairs, hs256!, eddsa!);
  console.log(
    `me, ${connections} connections, ${seconds} s runs: HS256 ${listed(result.first, 0)}/s, EdDSA ${listed(result.second, 0)}/s; ` +
      `EdDSA/HS256 pairs ${listed(result.ratios)}, median ${result.median.toFixed(2)}`,
  );
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await database.drop();
  rmSync(directory, { recursive: true, force: true });
}
