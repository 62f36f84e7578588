import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { IssuedToken, TokenClaims, TokenIssuer } from '../application/ports.ts';
import type { User } from '../domain/user.ts';

/**
 * HS256 JSON Web Tokens through fast-jwt, signed and verified with a node:crypto HMAC on the
 * calling thread (microseconds). jose's WebCrypto would queue them on the libuv pool, behind the
 * password hashes: `me` would wait for sign-ins.
 */
export interface JwtOptions {
  secret: string;
  ttlSeconds: number;
  /** `iss` and `aud`: a token of another service, even one sharing the secret, is refused. */
  issuer: string;
  audience: string;
}

/** How many verified tokens are remembered: a few MiB at most, for as many clients at a time. */
const rememberedTokens = 10_000;

/**
 * A 32-byte HMAC in base64url: 43 characters, the last one's 2 low bits padding. fast-jwt decodes
 * the signature before comparing, so it would also take a last character whose padding was changed:
 * only the one canonical spelling is let through.
 */
const canonicalSignature = /\.[\w-]{42}[AEIMQUYcgkosw048]$/;

export class JwtTokenIssuer implements TokenIssuer {
  readonly #ttlSeconds: number;
  readonly #sign: (claims: Record<string, unknown>) => string;
  readonly #verify: (token: string) => Record<string, unknown>;

  constructor(options: JwtOptions) {
    this.#ttlSeconds = options.ttlSeconds;
    this.#sign = createSigner({ key: options.secret, algorithm: 'HS256', iss: options.issuer, aud: options.audience });
    this.#verify = createVerifier({
      key: options.secret,
      algorithms: ['HS256'],
      allowedIss: options.issuer,
      allowedAud: options.audience,
      // fast-jwt checks `iss` and `aud` only when they are there, `exp` when it is there.
      requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', 'ver'],
      // Tokens that passed the check, each until it expires: a client sends the same token with
      // every request, and a lookup costs less than the HMAC and the decoding. Revocation is not the
      // token's business: currentUser compares the claims with the user's row on every request.
      cache: rememberedTokens,
      cacheTTL: options.ttlSeconds * 1000,
    });
  }

  async issue(user: User): Promise<IssuedToken> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.#ttlSeconds;
    const token = this.#sign({ ver: user.tokenVersion, sub: user.id, iat: issuedAt, exp: expiresAt });
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): TokenClaims | null {
    if (!canonicalSignature.test(token)) return null;
    let claims: Record<string, unknown>;
    try {
      claims = this.#verify(token);
    } catch (error) {
      if (error instanceof TokenError) return null;
      throw error;
    }
    const { sub, iat, ver } = claims;
    const valid = typeof sub === 'string' && typeof iat === 'number' && Number.isSafeInteger(ver);
    return valid ? { userId: sub, tokenVersion: ver as number } : null;
  }
}
