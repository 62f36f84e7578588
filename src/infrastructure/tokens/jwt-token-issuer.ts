import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { LRUCache } from 'lru-cache';
import type { IssuedToken, TokenClaims, TokenIssuer } from '../../application/ports.ts';
import type { JwtSettings } from '../../config/auth.ts';
import type { User } from '../../domain/user.ts';

interface VerifiedToken {
  claims: TokenClaims;
  /** `exp`, in milliseconds since the epoch. */
  expiresAt: number;
}

/** How many verified tokens are remembered: a few MiB at most, for as many clients at a time. */
const rememberedTokens = 10_000;

/**
 * A 32-byte HMAC in base64url: 43 characters, the last one's 2 low bits padding. fast-jwt decodes
 * the signature before comparing, so it would also take a last character whose padding was changed:
 * only the one canonical spelling is let through.
 */
const canonicalSignature = /\.[\w-]{42}[AEIMQUYcgkosw048]$/;

/**
 * HS256 JSON Web Tokens through fast-jwt, signed and verified with a node:crypto HMAC on the
 * calling thread (microseconds). jose's WebCrypto would queue them on the libuv pool, behind the
 * password hashes: `me` would wait for sign-ins.
 */
export class JwtTokenIssuer implements TokenIssuer {
  readonly #ttlSeconds: number;
  readonly #sign: (claims: Record<string, unknown>) => string;
  readonly #verify: (token: string) => Record<string, unknown>;
  /**
   * Tokens that passed the check, each until it expires: a client sends the same token with every
   * request, and a lookup costs less than the HMAC and the decoding. Only valid tokens get in, so
   * made-up ones cannot crowd out the real. Not fast-jwt's own cache: it keys each lookup by a
   * SHA-256 of the token, which cost `me` 20-28 % more CPU per request (BENCHMARKS.md). Revocation
   * is not the token's business: currentUser compares the claims with the user's row every time.
   */
  readonly #verified = new LRUCache<string, VerifiedToken>({ max: rememberedTokens });

  constructor(options: JwtSettings) {
    this.#ttlSeconds = options.ttlSeconds;
    this.#sign = createSigner({ key: options.secret, algorithm: 'HS256', iss: options.issuer, aud: options.audience });
    this.#verify = createVerifier({
      key: options.secret,
      algorithms: ['HS256'],
      allowedIss: options.issuer,
      allowedAud: options.audience,
      // fast-jwt checks `iss`, `aud` and `exp` only when they are there.
      requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', 'ver', 'sid'],
    });
  }

  async issue(user: User, sessionId: string): Promise<IssuedToken> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.#ttlSeconds;
    const token = this.#sign({ ver: user.tokenVersion, sub: user.id, sid: sessionId, iat: issuedAt, exp: expiresAt });
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): TokenClaims | null {
    const remembered = this.#verified.get(token);
    // fast-jwt's own rule: valid up to and including the millisecond of `exp`.
    if (remembered !== undefined && Date.now() <= remembered.expiresAt) return remembered.claims;
    const verified = this.#check(token);
    if (verified) this.#verified.set(token, verified);
    else if (remembered) this.#verified.delete(token);
    return verified?.claims ?? null;
  }

  #check(token: string): VerifiedToken | null {
    if (!canonicalSignature.test(token)) return null;
    let claims: Record<string, unknown>;
    try {
      claims = this.#verify(token);
    } catch (error) {
      if (error instanceof TokenError) return null;
      throw error;
    }
    const { sub, sid, iat, exp, ver } = claims;
    const valid = typeof sub === 'string' && typeof sid === 'string' && typeof iat === 'number' && Number.isSafeInteger(ver);
    return valid
      ? { claims: { userId: sub, sessionId: sid as string, tokenVersion: ver as number }, expiresAt: (exp as number) * 1000 }
      : null;
  }
}
