import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import type { Problem } from './variables.ts';

/** The variables that choose how access tokens are signed, listed among the auth section's. */
export const signingKeyVariables = {
  ACCESS_TOKEN_ALGORITHM: z.enum(['HS256', 'EdDSA']).default('HS256').meta({
    description:
      '`HS256`: tokens signed and verified with `JWT_SECRET`. `EdDSA`: signed with an Ed25519 key of `JWT_PRIVATE_KEYS`, whose public keys `GET /.well-known/jwks.json` serves, so other services verify tokens without a secret; `JWT_SECRET` is then not used for tokens. Switching signs everyone out (tokens of the other kind are refused).',
  }),
  JWT_PRIVATE_KEYS: z.string().optional().meta({
    description:
      'With `ACCESS_TOKEN_ALGORITHM=EdDSA`: Ed25519 private keys in PEM (PKCS#8, `openssl genpkey -algorithm ed25519`), one block after another (`\\n` taken as a line break). The first signs, all verify: to rotate, put a new key first and keep the old one until its tokens have expired (`ACCESS_TOKEN_TTL_SECONDS`). Required in production in that mode.',
    defaultText: 'random per process in EdDSA mode, with a warning',
  }),
};

interface SigningKeyVariables {
  ACCESS_TOKEN_ALGORITHM: 'HS256' | 'EdDSA';
  JWT_PRIVATE_KEYS?: string | undefined;
  JWT_SECRET?: string | undefined;
}

/** How access tokens are signed: the first key signs, every key verifies. */
export type TokenSigning = { algorithm: 'HS256'; secrets: readonly string[] } | { algorithm: 'EdDSA'; privateKeys: readonly string[] };

/** `a,b` → the secrets of JWT_SECRET, in order: the first signs. */
export function secretList(value: string): string[] {
  return value
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const generateKey = '(openssl genpkey -algorithm ed25519)';

/**
 * The PEM blocks of JWT_PRIVATE_KEYS, each checked to be an Ed25519 private key and written back in
 * one canonical PKCS#8 spelling; or why not (never quoting the key).
 */
export function privateKeyPems(value: string): string[] | string {
  const blocks = value.replaceAll('\\n', '\n').match(pemBlock) ?? [];
  if (blocks.length === 0) return `holds no PEM block: Ed25519 private keys in PEM are expected ${generateKey}`;
  const pems: string[] = [];
  for (const [index, block] of blocks.entries()) {
    const which = blocks.length === 1 ? 'the key' : `key ${index + 1} of ${blocks.length}`;
    let type: string | undefined;
    try {
      const key = createPrivateKey(block);
      type = key.asymmetricKeyType;
      if (type === 'ed25519') pems.push(key.export({ type: 'pkcs8', format: 'pem' }) as string);
    } catch {
      return `${which} is not a private key in PEM ${generateKey}`;
    }
    if (type !== 'ed25519') return `${which} is an ${type} key, not Ed25519 ${generateKey}`;
  }
  return new Set(pems).size === pems.length ? pems : `lists one key twice ${generateKey}`;
}

/** The keys the configuration gives, or random ones (development; production refuses their absence). */
export function tokenSigning(env: SigningKeyVariables, randomSecret: () => string): TokenSigning {
  if (env.ACCESS_TOKEN_ALGORITHM === 'HS256') {
    const secrets = env.JWT_SECRET === undefined ? [randomSecret()] : secretList(env.JWT_SECRET);
    return { algorithm: 'HS256', secrets };
  }
  const pems = env.JWT_PRIVATE_KEYS === undefined ? [randomPrivateKey()] : privateKeyPems(env.JWT_PRIVATE_KEYS);
  // A refused value never gets here: signingKeyProblems stopped it.
  return { algorithm: 'EdDSA', privateKeys: typeof pems === 'string' ? [] : pems };
}

/** Broken key rules in any environment: a bad PEM, an empty list. Production's strength rules are auth.ts'. */
export function signingKeyProblems(env: SigningKeyVariables, production: boolean): Problem[] {
  if (env.ACCESS_TOKEN_ALGORITHM === 'HS256') {
    return env.JWT_SECRET !== undefined && secretList(env.JWT_SECRET).length === 0 ? [['JWT_SECRET', 'holds no secret']] : [];
  }
  if (env.JWT_PRIVATE_KEYS === undefined) {
    return production ? [['JWT_PRIVATE_KEYS', `required when NODE_ENV=production and ACCESS_TOKEN_ALGORITHM=EdDSA ${generateKey}`]] : [];
  }
  const pems = privateKeyPems(env.JWT_PRIVATE_KEYS);
  return typeof pems === 'string' ? [['JWT_PRIVATE_KEYS', pems]] : [];
}

export function signingKeyWarnings(env: SigningKeyVariables): string[] {
  if (env.ACCESS_TOKEN_ALGORITHM !== 'EdDSA' || env.JWT_PRIVATE_KEYS !== undefined) return [];
  return [
    'JWT_PRIVATE_KEYS is not set: using a random Ed25519 key, so tokens die with this process. To keep them across restarts, set it to the output of `openssl genpkey -algorithm ed25519`',
  ];
}

/** The variables a cluster's workers need to sign and verify as the primary decided, random keys too. */
export function signingEnvironment(signing: TokenSigning): Record<string, string> {
  return signing.algorithm === 'HS256' ? { JWT_SECRET: signing.secrets.join(',') } : { JWT_PRIVATE_KEYS: signing.privateKeys.join('') };
}

function randomPrivateKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}
