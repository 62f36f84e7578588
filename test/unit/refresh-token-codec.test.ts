import { describe, expect, it } from 'vitest';
import { HmacRefreshTokenCodec } from '../../src/infrastructure/tokens/hmac-refresh-token-codec.ts';

const codec = new HmacRefreshTokenCodec('refresh token tests: a key of 32+ bytes');
const claims = { sessionId: '3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c8e0f13', counter: 7 };
const token = codec.encode(claims);

/** The token with one character replaced by another base64url character. */
function withCharacter(at: number): string {
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

describe('HMAC refresh tokens (nothing secret stored: id ‖ counter ‖ HMAC-SHA256)', () => {
  it('reads back the session and counter it was made for, from 70 base64url characters (52 bytes, a 256-bit MAC)', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{70}$/);
    expect(codec.decode(token)).toEqual(claims);
    expect(codec.decode(codec.encode({ ...claims, counter: 0 }))).toEqual({ ...claims, counter: 0 });
    expect(codec.decode(codec.encode({ ...claims, counter: 2 ** 32 - 1 }))).toEqual({ ...claims, counter: 2 ** 32 - 1 });
  });

  it('makes another token for each counter, and the same for the same claims (a successor is recomputed, not stored)', () => {
    expect(codec.encode(claims)).toBe(token);
    expect(codec.encode({ ...claims, counter: 8 })).not.toBe(token);
  });

  it('refuses a token tampered with anywhere: the id, the counter or the MAC', () => {
    // The last character carries spare bits: changing it may change no byte, and is refused as non-canonical.
    for (let at = 0; at < token.length; at++) expect(codec.decode(withCharacter(at))).toBeNull();
  });

  it('refuses truncated, extended, padded and non-base64url tokens', () => {
    for (const bad of [token.slice(0, -1), token.slice(0, 22), `${token}A`, `${token}=`, token.replace(/.$/, '+'), '', ' '.repeat(70)]) {
      expect(codec.decode(bad)).toBeNull();
    }
  });

  it('refuses a token made under another key', () => {
    expect(new HmacRefreshTokenCodec('another key, also of 32+ bytes!!').decode(token)).toBeNull();
  });
});
