import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { IssuedToken, TokenClaims, TokenIssuer } from '../application/ports.ts';
import type { JwtSettings } from '../config/auth.ts';
import type { User } from '../domain/user.ts';

interface VerifiedToken {
  claims: TokenClaims;
  /** `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/** How many verified tokens are remembered: a few MiB at most, for as many clients at a time. */
const rememberedTokens = 10_000;

/**
 * HS256 JSON Web Tokens, signed and verified with a node:crypto HMAC on the calling thread
 * (microseconds). jose's WebCrypto signing and verification queue on the libuv pool, whose threads
 * hash passwords at SCHED_IDLE (hash-thread-priority.ts): `me` would wait for sign-ins, and a
 * sign-in's token for whatever time the cores leave idle.
 */
export class JwtTokenIssuer implements TokenIssuer {
  readonly #key: KeyObject;
  readonly #options: JwtSettings;
  /**
   * Tokens that passed the check, each until it expires: a client sends the same token with every
   * request, and a lookup costs less than the HMAC and the decoding (5 % of `me`'s CPU, profiled).
   * Only valid tokens get in, so made-up ones cannot crowd out the real. Revocation is not the
   * token's business: currentUser compares the claims with the user's row on every request.
   */
  readonly #verified = new LRUCache<string, VerifiedToken>({ max: rememberedTokens });

  constructor(options: JwtSettings) {
    this.#key = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.#options = options;
  }

  async issue(user: User): Promise<IssuedToken> {
    const issuedAt = nowInSeconds();
    const expiresAt = issuedAt + this.#options.ttlSeconds;
    const { issuer: iss, audience: aud } = this.#options;
    const claims = { ver: user.tokenVersion, iss, aud, sub: user.id, iat: issuedAt, exp: expiresAt };
    const signed = `${encodedPart(header)}.${encodedPart(claims)}`;
    return { token: `${signed}.${this.#signature(signed)}`, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): TokenClaims | null {
    const remembered = this.#verified.get(token);
    const verified = remembered ?? this.#check(token);
    if (verified === null) return null;
    if (verified.expiresAt <= nowInSeconds()) {
      if (remembered) this.#verified.delete(token);
      return null;
    }
    if (!remembered) this.#verified.set(token, verified);
    return verified.claims;
  }

  #check(token: string): VerifiedToken | null {
    const [header, payload, signature, ...rest] = token.split('.');
    if (signature === undefined || rest.length > 0) return null;
    // Compared as text, in the one canonical base64url spelling: decoding first would also accept
    // a changed last character (its low bits are padding), a trailing '=' or standard base64.
    const expected = Buffer.from(this.#signature(`${header}.${payload}`));
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
      typeof iat === 'number' &&
      iss === this.#options.issuer &&
      aud === this.#options.audience &&
      Number.isSafeInteger(ver);
    return valid ? { claims: { userId: sub, tokenVersion: ver as number }, expiresAt: exp } : null;
  }

  #signature(signed: string): string {
    return createHmac('sha256', this.#key).update(signed).digest('base64url');
  }
}

const header = { alg: 'HS256', typ: 'JWT' };

function encodedPart(part: object): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url');
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
