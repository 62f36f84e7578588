import { z } from 'zod';
import { estimatedEntropyBits } from './values/secret-entropy.ts';
import { secretList, signingKeyProblems, signingKeyVariables, signingKeyWarnings, tokenSigning } from './values/signing-keys.ts';
import { flag, type Problem, positiveInt } from './values/variables.ts';

export const authVariables = z
  .object({
    JWT_SECRET: z.string().optional().meta({
      description:
        'HS256 secrets for tokens, comma-separated: the first signs, all verify. To rotate, put a new secret first and keep the old one until its tokens have expired (`ACCESS_TOKEN_TTL_SECONDS`). Required in production (unless `ACCESS_TOKEN_ALGORITHM=EdDSA`), each at least 32 bytes and 128 bits of estimated entropy: `openssl rand -base64 32`.',
      defaultText: 'random per process, with a warning',
    }),
    ...signingKeyVariables,
    AUDIT_HASH_KEY: z.string().optional().meta({
      description:
        'The key of the email hashes in audit lines and `SignInFailed` rows, a secret of its own so that a new `JWT_SECRET` leaves older lines matchable; required in production, like `JWT_SECRET`. Upgrading from a version that derived them from `JWT_SECRET`: set it to that secret to keep matching the lines written before.',
      defaultText: 'random per process, with a warning',
    }),
    REFRESH_TOKEN_KEY: z.string().optional().meta({
      description:
        "The key of the refresh tokens' HMAC (a token is derived from its session's id and rotation counter, so the database holds nothing a token can be rebuilt from); a secret of its own, so a new `JWT_SECRET` leaves sessions alive, and a new one of these ends every refresh token; required in production, like `JWT_SECRET`.",
      defaultText: 'random per process, with a warning',
    }),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.optional().meta({
      description: 'Access token lifetime: short, since a client refreshes it (docs/sessions.md).',
      defaultText: '`900`, or `JWT_TTL_SECONDS` when only that is set',
    }),
    JWT_TTL_SECONDS: positiveInt.optional().meta({
      description:
        'Deprecated: the former name of `ACCESS_TOKEN_TTL_SECONDS` (default then 3600), still read when that is unset, with a warning.',
    }),
    JWT_ISSUER: z.string().default('user-management-graphql').meta({ description: '`iss` written into tokens and required of them.' }),
    JWT_AUDIENCE: z.string().default('user-management-graphql').meta({ description: '`aud` written into tokens and required of them.' }),
    AUTH_MAX_FAILURES_PER_EMAIL: positiveInt
      .default(5)
      .meta({ description: 'Failed credential checks on one email before it is locked for the window.' }),
    AUTH_MAX_FAILURES_PER_IP: positiveInt
      .default(100)
      .meta({ description: 'Failed credential checks from one client address before it is locked for the window.' }),
    AUTH_FAILURE_WINDOW_SECONDS: positiveInt
      .default(900)
      .meta({ description: 'The window of those counts (fixed, from the first failure).' }),
    CREATE_USER_MAX_PER_IP: positiveInt.default(50).meta({ description: 'Sign-ups per client address per hour.' }),
    ACCOUNT_WRITES_PER_MINUTE: positiveInt.default(30).meta({
      description:
        "Changes of stored state per acting account per minute (every mutation but `createUser`; an admin's count against the admin), then `TooManyAttemptsError`. `refreshSession`'s rotations count apart, as many per account per minute, in each process's memory (every worker of every instance).",
    }),
    AUTH_UNIFORM_ERRORS: flag.default(false).meta({
      description: 'Answer an unknown email as `InvalidCredentialsError`, as slowly as a wrong password (hides who has an account).',
    }),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/./, 'Must be redis://… or rediss://…')
      .optional()
      .meta({
        description: 'Keep the rate-limit counts in Redis (`redis://…`, `rediss://…`) instead of the database.',
        defaultText: 'unset (the database)',
        example: 'redis://127.0.0.1:6379/0',
      }),
  })
  .meta({
    title: 'Tokens and limits',
    description: "Tokens, the audit lines' email hashes, the limits on credential checks and writes, and where those limits count.",
  });

type AuthVariables = z.output<typeof authVariables>;

const defaultAccessTokenTtlSeconds = 900;

export function authSettings(env: AuthVariables) {
  return {
    jwt: {
      /** The keys that sign (the first) and verify (all) access tokens, each token naming its own by `kid`. */
      signing: tokenSigning(env, randomSecret),
      ttlSeconds: env.ACCESS_TOKEN_TTL_SECONDS ?? env.JWT_TTL_SECONDS ?? defaultAccessTokenTtlSeconds,
      /** `iss` and `aud`: a token of another service, even one sharing the secret, is refused. */
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    },
    /**
     * The key of the email hashes in audit lines and `SignInFailed` rows (`AUDIT_HASH_KEY`): a
     * secret of its own, so a new JWT_SECRET leaves the lines written before it matchable.
     */
    auditHashKey: env.AUDIT_HASH_KEY ?? randomSecret(),
    /**
     * The key of the refresh tokens' HMAC (`REFRESH_TOKEN_KEY`): a secret of its own, so a new
     * JWT_SECRET leaves every session alive; a new one of these ends every refresh token.
     */
    refreshTokenKey: env.REFRESH_TOKEN_KEY ?? randomSecret(),
    rateLimits: {
      maxFailuresPerEmail: env.AUTH_MAX_FAILURES_PER_EMAIL,
      maxFailuresPerIp: env.AUTH_MAX_FAILURES_PER_IP,
      failureWindowSeconds: env.AUTH_FAILURE_WINDOW_SECONDS,
      maxSignUpsPerIpPerHour: env.CREATE_USER_MAX_PER_IP,
      maxWritesPerAccountPerMinute: env.ACCOUNT_WRITES_PER_MINUTE,
    },
    /** Answer an unknown email as a wrong password (`AUTH_UNIFORM_ERRORS`). */
    uniformCredentialErrors: env.AUTH_UNIFORM_ERRORS,
    /** Where the rate limits count; undefined: in the database. */
    redisUrl: env.REDIS_URL,
  };
}

type AuthSettings = ReturnType<typeof authSettings>;
export type JwtSettings = AuthSettings['jwt'];
export type RateLimitSettings = AuthSettings['rateLimits'];

const generateOne = '(openssl rand -base64 32)';

/** The secrets production requires, and what a random one (development) costs. */
const secrets = {
  JWT_SECRET: ['using a random secret, so tokens die with this process', 'To keep them across restarts'],
  AUDIT_HASH_KEY: ['using a random key, so audit lines about one email match only within this process', 'To match them across restarts'],
  REFRESH_TOKEN_KEY: ['using a random key, so refresh tokens die with this process', 'To keep sessions across restarts'],
} as const;
const secretNames = Object.keys(secrets) as (keyof typeof secrets)[];

/** Production signs and hashes only with secrets of its own, strong enough. */
export function authProblems(env: AuthVariables, production: boolean): Problem[] {
  const keyProblems = signingKeyProblems(env, production);
  if (!production) return keyProblems;
  return [
    ...keyProblems,
    ...secretsInUse(env).flatMap((name): Problem[] => {
      const problem = secretProblem(name, env[name]);
      return problem ? [[name, `${problem} ${generateOne}`]] : [];
    }),
  ];
}

/** Production refuses what these warn of, so only development and tests hear them. */
export function authWarnings(env: AuthVariables): string[] {
  const secretWarnings = secretsInUse(env).flatMap((name) => {
    const [random, toKeep] = secrets[name];
    if (env[name] === undefined) return [`${name} is not set: ${random}. ${toKeep}: echo "${name}=$(openssl rand -base64 32)" >> .env`];
    const problem = secretProblem(name, env[name]);
    return problem ? [`${name} ${problem}: production would refuse it ${generateOne}`] : [];
  });
  const renamed = env.JWT_TTL_SECONDS === undefined ? [] : ['JWT_TTL_SECONDS is deprecated: set ACCESS_TOKEN_TTL_SECONDS instead'];
  return [...renamed, ...secretWarnings, ...signingKeyWarnings(env)];
}

/** The secrets this configuration uses: EdDSA signs tokens with JWT_PRIVATE_KEYS instead of JWT_SECRET. */
function secretsInUse(env: AuthVariables): (keyof typeof secrets)[] {
  return secretNames.filter((name) => name !== 'JWT_SECRET' || env.ACCESS_TOKEN_ALGORITHM === 'HS256');
}

/** Why a variable's secret, or one of JWT_SECRET's, is too weak for production, or null. */
function secretProblem(name: keyof typeof secrets, value: string | undefined): string | null {
  if (value === undefined || name !== 'JWT_SECRET') return oneSecretProblem(value);
  const list = secretList(value);
  if (list.length === 1) return oneSecretProblem(list[0]);
  if (new Set(list).size < list.length) return 'lists one secret twice';
  const problems = list.map((secret, index) => [index, oneSecretProblem(secret)] as const).filter(([, problem]) => problem);
  return problems.map(([index, problem]) => `secret ${index + 1} of ${list.length} ${problem}`).join('; ') || null;
}

/** Why a secret is too weak for production, or null. */
function oneSecretProblem(secret: string | undefined): string | null {
  if (secret === undefined) return 'required when NODE_ENV=production, at least 32 bytes';
  if (Buffer.byteLength(secret) < 32) return 'must be at least 32 bytes';
  if (new Set(secret).size === 1) return 'must not be one character repeated';
  const bits = Math.floor(estimatedEntropyBits(secret));
  return bits < 128 ? `has about ${bits} bits of entropy, at least 128 needed` : null;
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
