import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.ts';
import { JwtTokenIssuer } from '../../src/infrastructure/jwt-token-issuer.ts';

const user = { id: '6f1c2a1e-4b7d-4c55-9a51-0d6f5a1f7e10' } as User;
const secret = 'a-secret-of-the-test';
const issuer = new JwtTokenIssuer(secret, 600);
const key = new TextEncoder().encode(secret);

describe('JwtTokenIssuer', () => {
  it('issues an HS256 token with sub, iat and exp that it verifies back to the user id', async () => {
    const { token, expiresAt } = await issuer.issue(user);
    const claims = decodeJwt(token);
    expect(claims.sub).toBe(user.id);
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(expiresAt.getTime()).toBe(claims.exp! * 1000);
    expect(issuer.verify(token)).toBe(user.id);
  });

  it('rejects a token signed with another secret', async () => {
    const { token } = await new JwtTokenIssuer('another-secret', 600).issue(user);
    expect(issuer.verify(token)).toBeNull();
  });

  it('rejects an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const token = await new SignJWT().setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setExpirationTime(past).sign(key);
    expect(issuer.verify(token)).toBeNull();
  });

  it('rejects a token with no expiry', async () => {
    const token = await new SignJWT().setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).sign(key);
    expect(issuer.verify(token)).toBeNull();
  });

  it('rejects a changed payload, an unsigned token and garbage', async () => {
    const { token } = await issuer.issue(user);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', exp: 9999999999 })).toString('base64url');
    const unsigned = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(issuer.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(issuer.verify(`${unsigned}.${forged}.`)).toBeNull();
    for (const garbage of ['', 'abc', 'a.b.c', `${token}.extra`, '...']) expect(issuer.verify(garbage)).toBeNull();
  });
});
