import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import type { IssuedToken, TokenClaims, TokenIssuer } from '../application/ports.ts';
import type { User } from '../domain/user.ts';

/**
 * HS256 JSON Web Tokens. jose writes them; verification is a node:crypto HMAC on the calling
 * thread (microseconds), because jose's WebCrypto verification queues on the libuv pool behind
 * running password hashes, and `me` would wait for sign-ins.
 */
export interface JwtOptions {
  secret: string;
  ttlSeconds: number;
  /** `iss` and `aud`: a token of another service, even one sharing the secret, is refused. */
  issuer: string;
  audience: string;
}

export class JwtTokenIssuer implements TokenIssuer {
  readonly #key: KeyObject;
  readonly #options: JwtOptions;

  constructor(options: JwtOptions) {
    this.#key = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.#options = options;
  }

  async issue(user: User): Promise<IssuedToken> {
    const issuedAt = nowInSeconds();
    const expiresAt = issuedAt + this.#options.ttlSeconds;
    const token = await new SignJWT({ ver: user.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.#options.issuer)
      .setAudience(this.#options.audience)
      .setSubject(user.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.#key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): TokenClaims | null {
    const [header, payload, signature, ...rest] = token.split('.');
    if (signature === undefined || rest.length > 0) return null;
    // Compared as text, in the one canonical base64url spelling: decoding first would also accept
    // a changed last character (its low bits are padding), a trailing '=' or standard base64.
    const expected = Buffer.from(createHmac('sha256', this.#key).update(`${header}.${payload}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    // Signed by us, so only our own header and claims can follow; decoded here rather than by
    // jose's decoders, which check again what the signature vouches for (nearly half its cost, profiled).
    const { alg } = decodedPart(header!) ?? {};
    if (alg !== 'HS256') return null;
    const { sub, exp, iat, iss, aud, ver } = decodedPart(payload!) ?? {};
    const valid =
      typeof sub === 'string' &&
      typeof exp === 'number' &&
      exp > nowInSeconds() &&
      typeof iat === 'number' &&
      iss === this.#options.issuer &&
      aud === this.#options.audience &&
      Number.isSafeInteger(ver);
    return valid ? { userId: sub, tokenVersion: ver as number } : null;
  }
}

/** A base64url JSON object of a token, or null when it is none. */
function decodedPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
