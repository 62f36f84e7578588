import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.ts';
import { systemClock } from '../../src/infrastructure/system-clock.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/tokens/jwt-token-issuer.ts';
import { tokenKeys } from '../../src/infrastructure/tokens/token-keys.ts';
import { ManualClock } from '../support/manual-clock.ts';

const user = { id: '6f1c2a1e-4b7d-4c55-9a51-0d6f5a1f7e10', tokenVersion: 3 } as User;
const secret = 'a-secret-of-the-test';
const options = { signing: { algorithm: 'HS256', secrets: [secret] }, ttlSeconds: 600, issuer: 'users', audience: 'frontend' } as const;
const issuer = new JwtTokenIssuer(options, systemClock);
const key = new TextEncoder().encode(secret);
const { kid } = tokenKeys(options.signing)[0]!;
const sessionId = '0b8e5c1d-2f3a-4e6b-9c7d-1a2b3c4d5e6f';
const claimsOfUser = { userId: user.id, sessionId, tokenVersion: 3 };
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with `signingKey` (the right one unless told), with the claims given (a valid set unless overridden). */
function signed(claims: Record<string, unknown>, signingKey = key): Promise<string> {
  const valid = { sub: user.id, sid: sessionId, iat: now(), exp: now() + 60, iss: 'users', aud: 'frontend', ver: 3 };
  const payload = Object.fromEntries(Object.entries({ ...valid, ...claims }).filter(([, value]) => value !== undefined));
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid }).sign(signingKey);
}

describe('JwtTokenIssuer', () => {
  it('issues an HS256 token with sub, sid, iat, exp, iss, aud and the token version, and verifies it', async () => {
    const { token, expiresAt } = await issuer.issue(user, sessionId);
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      sub: user.id,
      sid: sessionId,
      iat: expect.any(Number),
      exp: claims.iat! + 600,
      iss: 'users',
      aud: 'frontend',
      ver: 3,
    });
    expect(expiresAt.getTime()).toBe(claims.exp! * 1000);
    expect(issuer.verify(token)).toEqual(claimsOfUser);
  });

  it('issues a token that jose verifies, with the header {"alg":"HS256","typ":"JWT","kid":…}', async () => {
    const { token } = await issuer.issue(user, sessionId);
    const { payload, protectedHeader } = await jwtVerify(token, key, { issuer: 'users', audience: 'frontend', algorithms: ['HS256'] });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT', kid });
    expect(payload).toEqual(decodeJwt(token));
    expect(payload.sub).toBe(user.id);
  });

  it('issues a token while every thread of the libuv pool is busy: signing never waits behind the hashes', async () => {
    // argon2 hashes there; WebCrypto signing would queue behind them. Four long PBKDF2 runs hold
    // the pool's 4 threads.
    const order: string[] = [];
    const busy = Array.from({ length: 4 }, () =>
      promisify(pbkdf2)('p', 's', 1_000_000, 32, 'sha256').then(() => void order.push('pool job')),
    );
    await issuer.issue(user, sessionId).then(() => void order.push('token'));
    await Promise.all(busy);
    expect(order).toEqual(['token', 'pool job', 'pool job', 'pool job', 'pool job']);
  });

  it('accepts a well-formed token signed with its key', async () => {
    expect(issuer.verify(await signed({}))).toEqual(claimsOfUser);
  });

  it.each([
    ['expired', { exp: now() - 10 }],
    ['without expiry', { exp: undefined }],
    ['without iat', { iat: undefined }],
    ['from another issuer', { iss: 'someone-else' }],
    ['for another audience', { aud: 'another-api' }],
    ['without a token version', { ver: undefined }],
    ['with a non-integer version', { ver: '3' }],
    ['without a subject', { sub: undefined }],
    // Issued before sessions: its holder signs in again.
    ['without a session (sid)', { sid: undefined }],
    ['with a non-string session', { sid: 7 }],
  ])('refuses a token %s', async (_, claims) => {
    expect(issuer.verify(await signed(claims))).toBeNull();
  });

  it('refuses a token signed with another secret, under its own kid or under this one', async () => {
    const { token } = await new JwtTokenIssuer(
      { ...options, signing: { algorithm: 'HS256', secrets: ['another-secret'] } },
      systemClock,
    ).issue(user, sessionId);
    expect(issuer.verify(token)).toBeNull();
    expect(issuer.verify(await signed({}, new TextEncoder().encode('another-secret')))).toBeNull();
  });

  it('refuses a changed payload, an unsigned token and garbage', async () => {
    const { token } = await issuer.issue(user, sessionId);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', exp: 9999999999 })).toString('base64url');
    const unsigned = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(issuer.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(issuer.verify(`${unsigned}.${forged}.`)).toBeNull();
    for (const garbage of ['', 'abc', 'a.b.c', `${token}.extra`, '...']) expect(issuer.verify(garbage)).toBeNull();
  });

  it('refuses a token it verified before once it has expired, and again after', async () => {
    const clock = new ManualClock();
    const issuerOnClock = new JwtTokenIssuer(options, clock);
    const token = await signed({ exp: now() + 60 });
    expect(issuerOnClock.verify(token)).toEqual(claimsOfUser);
    clock.advance(59);
    expect(issuerOnClock.verify(token)).toEqual(claimsOfUser);
    clock.advance(2);
    expect(issuerOnClock.verify(token)).toBeNull();
    expect(issuerOnClock.verify(token)).toBeNull();
  });

  it('refuses a signature whose last character differs only in its padding bits', async () => {
    const { token } = await issuer.issue(user, sessionId);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The canonical last character has both padding bits clear; the next one sets the lower.
    const respelled = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token.at(-1)!) + 1]}`;
    expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'));
    expect(issuer.verify(respelled)).toBeNull();
  });

  it('still refuses a changed token after verifying the original', async () => {
    const { token } = await issuer.issue(user, sessionId);
    expect(issuer.verify(token)).toEqual(claimsOfUser);
    expect(issuer.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
  });
});
