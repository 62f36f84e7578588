import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { LRUCache } from 'lru-cache';
import type { Clock, IssuedToken, TokenClaims, TokenIssuer } from '../../application/ports.ts';
import type { JwtSettings } from '../../config/auth.ts';
import type { User } from '../../domain/user.ts';
import { type PublicJwk, tokenKeys } from './token-keys.ts';

interface VerifiedToken {
  claims: TokenClaims;
  /** `exp`, in milliseconds since the epoch. */
  expiresAt: number;
}

/** How many verified tokens are remembered: a few MiB at most, for as many clients at a time. */
const rememberedTokens = 10_000;

/**
 * The one canonical spelling of each algorithm's signature. A 32-byte HMAC in base64url is 43
 * characters, the last one's 2 low bits padding; a 64-byte Ed25519 signature 86, the last one's 4
 * low bits padding. fast-jwt decodes the signature before comparing, so it would also take a last
 * character whose padding was changed. (Ed25519's other malleability, S + L for S, OpenSSL refuses.)
 */
const canonicalSignature = {
  HS256: /\.[\w-]{42}[AEIMQUYcgkosw048]$/,
  EdDSA: /\.[\w-]{85}[AQgw]$/,
};

/**
 * JSON Web Tokens through fast-jwt, HS256 (a node:crypto HMAC) or EdDSA (Ed25519), signed and
 * verified on the calling thread (microseconds). jose's WebCrypto would queue them on the libuv
 * pool, behind the password hashes: `me` would wait for sign-ins. Each token names its key by `kid`
 * (token-keys.ts): the first key signs, every key verifies, so a key is rotated without signing
 * anyone out. One synchronous fast-jwt verifier per key, picked by `kid`: fast-jwt's key function
 * would make every verification asynchronous.
 */
export class JwtTokenIssuer implements TokenIssuer {
  readonly #ttlSeconds: number;
  readonly #sign: (claims: Record<string, unknown>) => string;
  readonly #verifiers: Map<string, (token: string) => Record<string, unknown>>;
  readonly #canonicalSignature: RegExp;
  /** The public keys, for GET /.well-known/jwks.json; undefined with HS256, which has none. */
  readonly publicKeys: { keys: PublicJwk[] } | undefined;
  /**
   * Tokens that passed the check, each until it expires: a client sends the same token with every
   * request, and a lookup costs less than the signature check and the decoding (an Ed25519 verify
   * costs hundreds of microseconds on a busy machine, bench:tokens). Only valid tokens get in, so
   * made-up ones cannot crowd out the real. Not fast-jwt's own cache: it keys each lookup by a
   * SHA-256 of the token, which cost `me` 20-28 % more CPU per request (BENCHMARKS.md). Revocation
   * is not the token's business: currentUser compares the claims with the user's row every time.
   */
  readonly #verified = new LRUCache<string, VerifiedToken>({ max: rememberedTokens });
  readonly #clock: Clock;

  constructor(options: JwtSettings, clock: Clock) {
    const { algorithm } = options.signing;
    const keys = tokenKeys(options.signing);
    const [signing] = keys;
    if (!signing) throw new Error('no key to sign tokens with');
    this.#ttlSeconds = options.ttlSeconds;
    this.#clock = clock;
    this.#canonicalSignature = canonicalSignature[algorithm];
    this.#sign = createSigner({ key: signing.signingKey, algorithm, kid: signing.kid, iss: options.issuer, aud: options.audience });
    const verifier = (key: string) =>
      createVerifier({
        key,
        algorithms: [algorithm],
        allowedIss: options.issuer,
        allowedAud: options.audience,
        // `exp` is compared with the clock here (verify), which fast-jwt's fixed clockTimestamp cannot follow.
        ignoreExpiration: true,
        // fast-jwt checks `iss`, `aud` and `exp` only when they are there.
        requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', 'ver', 'sid'],
      });
    this.#verifiers = new Map(keys.map(({ kid, verifyingKey }) => [kid, verifier(verifyingKey)]));
    this.publicKeys = algorithm === 'EdDSA' ? { keys: keys.flatMap(({ publicJwk }) => publicJwk ?? []) } : undefined;
  }

  async issue(user: User, sessionId: string): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.#clock.now().getTime() / 1000);
    const expiresAt = issuedAt + this.#ttlSeconds;
    const token = this.#sign({ ver: user.tokenVersion, sub: user.id, sid: sessionId, iat: issuedAt, exp: expiresAt });
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): TokenClaims | null {
    const remembered = this.#verified.get(token);
    const verified = remembered ?? this.#check(token);
    // fast-jwt's own rule: valid up to and including the millisecond of `exp`.
    if (verified === null || this.#clock.now().getTime() > verified.expiresAt) {
      if (remembered) this.#verified.delete(token);
      return null;
    }
    if (!remembered) this.#verified.set(token, verified);
    return verified.claims;
  }

  #check(token: string): VerifiedToken | null {
    if (!this.#canonicalSignature.test(token)) return null;
    const verify = this.#verifierOf(token);
    if (!verify) return null;
    let claims: Record<string, unknown>;
    try {
      claims = verify(token);
    } catch (error) {
      if (error instanceof TokenError) return null;
      throw error;
    }
    const { sub, sid, iat, exp, ver } = claims;
    const valid =
      typeof sub === 'string' && typeof sid === 'string' && typeof iat === 'number' && Number.isFinite(exp) && Number.isSafeInteger(ver);
    return valid
      ? { claims: { userId: sub, sessionId: sid as string, tokenVersion: ver as number }, expiresAt: (exp as number) * 1000 }
      : null;
  }

  /** The verifier of the key the token's header names; none for an unknown `kid` or an unreadable header. */
  #verifierOf(token: string): ((token: string) => Record<string, unknown>) | undefined {
    let header: unknown;
    try {
      header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString());
    } catch {
      return undefined;
    }
    if (typeof header !== 'object' || header === null) return undefined;
    const { kid } = header as { kid?: unknown };
    return typeof kid === 'string' ? this.#verifiers.get(kid) : undefined;
  }
}
