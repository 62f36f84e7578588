import { generateKeyPairSync, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TokenSigning } from '../../src/config/values/signing-keys.ts';
import type { User } from '../../src/domain/user.ts';
import { systemClock } from '../../src/infrastructure/system-clock.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/tokens/jwt-token-issuer.ts';

const user = { id: '6f1c2a1e-4b7d-4c55-9a51-0d6f5a1f7e10', tokenVersion: 3 } as User;
const sessionId = '0b8e5c1d-2f3a-4e6b-9c7d-1a2b3c4d5e6f';
const claims = { userId: user.id, sessionId, tokenVersion: 3 };
const issuerWith = (signing: TokenSigning) =>
  new JwtTokenIssuer({ signing, ttlSeconds: 600, issuer: 'users', audience: 'frontend' }, systemClock);
const hs256 = (...secrets: string[]) => issuerWith({ algorithm: 'HS256', secrets });
const eddsa = (...privateKeys: string[]) => issuerWith({ algorithm: 'EdDSA', privateKeys });
const ed25519Pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const tokenOf = async (issuer: JwtTokenIssuer) => (await issuer.issue(user, sessionId)).token;
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const now = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({ sub: user.id, sid: sessionId, iat: now(), exp: now() + 60, iss: 'users', aud: 'frontend', ver: 3 });

describe('HS256 with several secrets', () => {
  it('signs with the first, verifies with all: a rotation keeps old tokens until the old secret is removed', async () => {
    const old = await tokenOf(hs256('old-secret'));
    const rotated = hs256('new-secret', 'old-secret');
    expect(rotated.verify(old)).toEqual(claims);
    const fresh = await tokenOf(rotated);
    expect(kidOf(fresh)).toBe(kidOf(await tokenOf(hs256('new-secret'))));
    expect(hs256('new-secret').verify(fresh)).toEqual(claims);
    expect(hs256('new-secret').verify(old)).toBeNull();
  });

  it('names each secret by a kid of 16 base64url characters, the same in every process, none for another secret', async () => {
    const kids = await Promise.all(['one-secret', 'one-secret', 'another-secret'].map((secret) => tokenOf(hs256(secret)).then(kidOf)));
    expect(kids[0]).toMatch(/^[\w-]{16}$/);
    expect(kids[1]).toBe(kids[0]);
    expect(kids[2]).not.toBe(kids[0]);
    expect(hs256('one-secret').publicKeys).toBeUndefined();
  });

  it('refuses a token whose kid it does not know, even signed with its own secret', async () => {
    const token = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'HS256', kid: 'unknown' })
      .sign(new TextEncoder().encode('a-secret'));
    expect(hs256('a-secret').verify(token)).toBeNull();
    const numericKid = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'HS256', kid: 7 } as never)
      .sign(new TextEncoder().encode('a-secret'));
    expect(hs256('a-secret').verify(numericKid)).toBeNull();
  });

  it('refuses a token without kid, even one signed with the first secret: tokens from before kids name no session either', async () => {
    const withoutKid = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('new-secret'));
    expect(hs256('new-secret', 'old-secret').verify(withoutKid)).toBeNull();
  });
});

describe('EdDSA (Ed25519)', () => {
  it('signs with the first key under its RFC 7638 thumbprint and publishes only the public keys', async () => {
    const [first, second] = [ed25519Pem(), ed25519Pem()];
    const issuer = eddsa(first, second);
    const token = await tokenOf(issuer);
    const { keys } = issuer.publicKeys!;
    expect(keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/), kid: kidOf(token), alg: 'EdDSA', use: 'sig' },
      { kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/), kid: expect.any(String), alg: 'EdDSA', use: 'sig' },
    ]);
    expect(await Promise.all(keys.map((key) => calculateJwkThumbprint(key)))).toEqual(keys.map(({ kid }) => kid));
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: keys[0]!.kid });
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.publicKeys!), { issuer: 'users', audience: 'frontend' });
    expect(payload).toMatchObject({ sub: user.id, ver: 3 });
    expect(issuer.verify(token)).toEqual(claims);
  });

  it('keeps old tokens through a rotation until the old key is removed', async () => {
    const [oldKey, newKey] = [ed25519Pem(), ed25519Pem()];
    const old = await tokenOf(eddsa(oldKey));
    expect(eddsa(newKey, oldKey).verify(old)).toEqual(claims);
    expect(eddsa(newKey).verify(old)).toBeNull();
    expect(eddsa(newKey).publicKeys!.keys.map(({ kid }) => kid)).not.toContain(kidOf(old));
  });

  it('refuses a token without kid, an HS256 token, and one signed by another key under this kid', async () => {
    const key = ed25519Pem();
    const issuer = eddsa(key);
    const kid = kidOf(await tokenOf(issuer));
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'EdDSA', kid }).sign(other);
    const withoutKid = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(generateKeyPairSync('ed25519').privateKey);
    const hmac = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid }).sign(new TextEncoder().encode(key));
    for (const token of [forged, withoutKid, hmac]) expect(issuer.verify(token)).toBeNull();
  });

  it('refuses the non-canonical spellings of a signature: changed padding bits, and S + L for S', async () => {
    const issuer = eddsa(ed25519Pem());
    const token = await tokenOf(issuer);
    const [input, signature] = [token.slice(0, token.lastIndexOf('.')), Buffer.from(token.split('.')[2]!, 'base64url')];
    // The last of 86 characters holds 2 bits of the signature and 4 of padding, all clear.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token.at(-1)!) + 1]}`;
    expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(signature);
    // S, little-endian in the second half, plus the group order L: the same point equation holds.
    const order = 2n ** 252n + 27742317777372353535851937790883648493n;
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).reverse().toString('hex')}`) + order;
    const malleated = Buffer.concat([signature.subarray(0, 32), Buffer.from(s.toString(16).padStart(64, '0'), 'hex').reverse()]);
    expect(issuer.verify(token)).toEqual(claims);
    expect(issuer.verify(respelled)).toBeNull();
    expect(issuer.verify(`${input}.${malleated.toString('base64url')}`)).toBeNull();
  });

  it('signs and verifies while every thread of the libuv pool is busy: nothing waits behind the hashes', async () => {
    const issuer = eddsa(ed25519Pem());
    const order: string[] = [];
    const busy = Array.from({ length: 4 }, () =>
      promisify(pbkdf2)('p', 's', 1_000_000, 32, 'sha256').then(() => void order.push('pool job')),
    );
    const { token } = await issuer.issue(user, sessionId);
    order.push(issuer.verify(token) ? 'verified' : 'refused');
    await Promise.all(busy);
    expect(order).toEqual(['verified', 'pool job', 'pool job', 'pool job', 'pool job']);
  });
});
