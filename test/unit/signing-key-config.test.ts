import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { refusedProblems } from '../support/refused-problems.ts';

// The other keys production requires (the refresh tokens' since sessions): the tests here are of the signing keys.
const auditHashKey = {
  AUDIT_HASH_KEY: 'Hx4Nc8Qp2Vt6Wm1Zr9Bs3Ly7Kd5Fg0Je2Ua8Io4Tc6=',
  REFRESH_TOKEN_KEY: 'Wm5Tq2Xz8Vc1Bn6Kr3Hd9Ls4Fp7Gy0Ja2Ue5Io8Qw3=',
};
const [strong, stronger] = ['nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=', 'k3Rj8vQ2nX5wZ9tB1mC7yL4pH6sF0dG8aE2uW5iO7rY='];
const production = { NODE_ENV: 'production', ...auditHashKey };
const eddsa = { ACCESS_TOKEN_ALGORITHM: 'EdDSA' };
const pem = (type: 'ed25519' | 'ed448' | 'x25519') =>
  generateKeyPairSync(type as 'ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const rsaPem = () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('JWT_SECRET with several secrets', () => {
  it('reads a comma-separated list, blanks ignored, the first one signing', () => {
    expect(loadConfig({ ...production, JWT_SECRET: ` ${strong} , ${stronger}` }).jwt.signing).toEqual({
      algorithm: 'HS256',
      secrets: [strong, stronger],
    });
  });

  it('holds each secret to the production rules, naming which one fails', () => {
    expect(refusedProblems({ ...production, JWT_SECRET: `${strong},short` })).toEqual([
      'JWT_SECRET: secret 2 of 2 must be at least 32 bytes (openssl rand -base64 32)',
    ]);
    expect(refusedProblems({ ...production, JWT_SECRET: `${strong},${strong}` })).toEqual([
      'JWT_SECRET: lists one secret twice (openssl rand -base64 32)',
    ]);
    expect(refusedProblems({ JWT_SECRET: ' , ' })).toEqual(['JWT_SECRET: holds no secret']);
    expect(loadConfig({ ...auditHashKey, JWT_SECRET: `${strong},short` }).warnings).toEqual([
      'JWT_SECRET secret 2 of 2 must be at least 32 bytes: production would refuse it (openssl rand -base64 32)',
    ]);
  });
});

describe('ACCESS_TOKEN_ALGORITHM=EdDSA with JWT_PRIVATE_KEYS', () => {
  it('needs no JWT_SECRET, takes PEM blocks one after another, with real or escaped line breaks, in one canonical spelling', () => {
    const [first, second] = [pem('ed25519'), pem('ed25519')];
    const escaped = `  ${first.replaceAll('\n', '\\n')} ${second}\n`;
    const config = loadConfig({ ...production, ...eddsa, JWT_PRIVATE_KEYS: escaped });
    expect(config.jwt.signing).toEqual({ algorithm: 'EdDSA', privateKeys: [first, second] });
    expect(config.warnings).toEqual([]);
  });

  it('refuses, naming the variable and never quoting the key, what is not an Ed25519 private key', () => {
    const generate = '(openssl genpkey -algorithm ed25519)';
    const cases = [
      ['no PEM at all', 'holds no PEM block: Ed25519 private keys in PEM are expected'],
      [pem('ed25519').replace(/[A-Za-z0-9+/]{20}/, 'A'.repeat(20)), 'the key is not a private key in PEM'],
      [generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string, 'the key is not a private key in PEM'],
      [`${pem('ed25519')}${pem('ed448')}`, 'key 2 of 2 is an ed448 key, not Ed25519'],
      [pem('x25519'), 'the key is an x25519 key, not Ed25519'],
      [rsaPem(), 'the key is an rsa key, not Ed25519'],
    ];
    for (const [value, problem] of cases) {
      const problems = refusedProblems({ ...eddsa, JWT_PRIVATE_KEYS: value });
      expect(problems).toEqual([`JWT_PRIVATE_KEYS: ${problem} ${generate}`]);
      // No run of base64 long enough to be a piece of the key.
      expect(problems[0]).not.toMatch(/[A-Za-z0-9+/]{16}/);
    }
    const key = pem('ed25519');
    expect(refusedProblems({ ...eddsa, JWT_PRIVATE_KEYS: `${key}${key}` })).toEqual([`JWT_PRIVATE_KEYS: lists one key twice ${generate}`]);
  });

  it('requires the keys in production; elsewhere signs with a random key, with a warning', () => {
    expect(refusedProblems({ ...production, ...eddsa })).toEqual([
      'JWT_PRIVATE_KEYS: required when NODE_ENV=production and ACCESS_TOKEN_ALGORITHM=EdDSA (openssl genpkey -algorithm ed25519)',
    ]);
    const config = loadConfig({ ...auditHashKey, ...eddsa });
    expect(config.warnings).toEqual([
      'JWT_PRIVATE_KEYS is not set: using a random Ed25519 key, so tokens die with this process. To keep them across restarts, set it to the output of `openssl genpkey -algorithm ed25519`',
    ]);
    const { signing } = config.jwt;
    expect(signing.algorithm === 'EdDSA' && createPrivateKey(signing.privateKeys[0]!).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses an algorithm it does not know', () => {
    expect(refusedProblems({ ACCESS_TOKEN_ALGORITHM: 'RS256' })).toEqual([
      'ACCESS_TOKEN_ALGORITHM: Invalid option: expected one of "HS256"|"EdDSA"',
    ]);
  });
});
