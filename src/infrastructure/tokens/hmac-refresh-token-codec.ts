import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { RefreshTokenClaims, RefreshTokenCodec } from '../../application/sessions/refresh-token-codec.ts';

const idBytes = 16;
const counterBytes = 4;
const macBytes = 32;
const tokenBytes = idBytes + counterBytes + macBytes;
/** base64url without padding of `tokenBytes` bytes. */
const tokenShape = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((tokenBytes * 4) / 3)}}$`);

/**
 * Supabase's design, so nothing secret is stored: token = base64url(session id ‖ counter ‖
 * HMAC-SHA256(key, session id ‖ counter)). The 256-bit MAC is what cannot be guessed; the id and
 * counter only say which session and rotation to check it against.
 */
export class HmacRefreshTokenCodec implements RefreshTokenCodec {
  readonly #key: KeyObject;

  /** `key`: REFRESH_TOKEN_KEY, a secret of its own (a new JWT_SECRET leaves sessions alive). */
  constructor(key: string) {
    this.#key = createSecretKey(Buffer.from(key, 'utf8'));
  }

  encode({ sessionId, counter }: RefreshTokenClaims): string {
    const claims = Buffer.alloc(idBytes + counterBytes);
    Buffer.from(sessionId.replaceAll('-', ''), 'hex').copy(claims);
    claims.writeUInt32BE(counter, idBytes);
    return Buffer.concat([claims, this.#mac(claims)]).toString('base64url');
  }

  decode(token: string): RefreshTokenClaims | null {
    if (!tokenShape.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    // Non-canonical spellings of the same bytes (the last character's spare bits) are refused too.
    if (bytes.length !== tokenBytes || bytes.toString('base64url') !== token) return null;
    const claims = bytes.subarray(0, idBytes + counterBytes);
    if (!timingSafeEqual(bytes.subarray(idBytes + counterBytes), this.#mac(claims))) return null;
    const hex = claims.subarray(0, idBytes).toString('hex');
    const sessionId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { sessionId, counter: claims.readUInt32BE(idBytes) };
  }

  #mac(claims: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(claims).digest();
  }
}
