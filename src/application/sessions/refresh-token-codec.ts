/** What a refresh token names: a session, and which of its rotations it is. */
export interface RefreshTokenClaims {
  sessionId: string;
  counter: number;
}

/**
 * Makes and reads refresh tokens. A token is derived from the session id and counter under a
 * server key, so storage holds nothing a token could be rebuilt from.
 */
export interface RefreshTokenCodec {
  encode(claims: RefreshTokenClaims): string;
  /** The claims, or null when the token is malformed, truncated, tampered with or made under another key. */
  decode(token: string): RefreshTokenClaims | null;
}
