import { createHash, createHmac, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { TokenSigning } from '../../config/values/signing-keys.ts';

/** A public key as GET /.well-known/jwks.json lists it (RFC 8037). */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** One key of the ring: what fast-jwt signs with, what it verifies with, and the `kid` naming both. */
export interface TokenKey {
  kid: string;
  /** The HMAC secret, or the Ed25519 private key in PEM. */
  signingKey: string;
  /** The HMAC secret, or the Ed25519 public key in PEM: never the private key. */
  verifyingKey: string;
  publicJwk: PublicJwk | undefined;
}

/** The keys of one configuration, the signing one first, each with its `kid`. */
export function tokenKeys(signing: TokenSigning): TokenKey[] {
  return signing.algorithm === 'HS256' ? signing.secrets.map(secretKey) : signing.privateKeys.map(ed25519Key);
}

/**
 * A keyed derivation, HMAC(secret, label), truncated to 96 bits: every token carries it, so it must
 * say nothing of the secret. An unkeyed hash of the secret would give an attacker one more value to
 * test guesses against and would equal any SHA-256 of it used elsewhere (a derived key); this one is
 * bound to its use by the label, and tests guesses no better than any token's own signature does.
 */
function secretKey(secret: string): TokenKey {
  const kid = createHmac('sha256', secret).update('access-token kid').digest().subarray(0, 12).toString('base64url');
  return { kid, signingKey: secret, verifyingKey: secret, publicJwk: undefined };
}

/** The RFC 7638 thumbprint of the public key: the same key gets the same `kid` in every process. */
function ed25519Key(privateKeyPem: string): TokenKey {
  const publicKey: KeyObject = createPublicKey(createPrivateKey(privateKeyPem));
  const { x } = publicKey.export({ format: 'jwk' }) as JsonWebKey & { x: string };
  // RFC 7638: the required members only, in lexicographic order, no whitespace.
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))
    .digest('base64url');
  return {
    kid,
    signingKey: privateKeyPem,
    verifyingKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
  };
}
