import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { IssuedToken, TokenIssuer } from '../application/ports.ts';
import type { User } from '../domain/user.ts';

/**
 * HS256 JSON Web Tokens. jose writes them; verification is a node:crypto HMAC on the calling
 * thread (microseconds), because jose's WebCrypto verification queues on the libuv pool behind
 * running password hashes, and `me` would wait for sign-ins.
 */
export class JwtTokenIssuer implements TokenIssuer {
  readonly #key: KeyObject;
  readonly #ttlSeconds: number;

  constructor(secret: string, ttlSeconds: number) {
    this.#key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.#ttlSeconds = ttlSeconds;
  }

  async issue(user: User): Promise<IssuedToken> {
    const issuedAt = nowInSeconds();
    const expiresAt = issuedAt + this.#ttlSeconds;
    const token = await new SignJWT()
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.#key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): string | null {
    const [header, payload, signature, ...rest] = token.split('.');
    if (signature === undefined || rest.length > 0) return null;
    const expected = createHmac('sha256', this.#key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      if (decodeProtectedHeader(token).alg !== 'HS256') return null;
      const { sub, exp } = decodeJwt(token);
      return typeof sub === 'string' && typeof exp === 'number' && exp > nowInSeconds() ? sub : null;
    } catch {
      return null;
    }
  }
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
