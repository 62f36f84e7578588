import { availableParallelism } from 'node:os';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { type DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS, DEFAULT_DATABASE_URL, parseDatabaseUrl } from './database-url.ts';
import type { RateLimitSettings } from './rate-limits/open-rate-limits.ts';
import { estimatedEntropyBits } from './secret-entropy.ts';
import { type WebhookSettings, webhookSecretRequired, webhookSettings, webhookVariables } from './webhooks/webhook-config.ts';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .superRefine((url, ctx) => {
      try {
        parseDatabaseUrl(url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  MIGRATE_ON_START: flag.default(true),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  JWT_SECRET: z.string().min(1).optional(),
  JWT_TTL_SECONDS: positiveInt.default(3600),
  JWT_ISSUER: z.string().min(1).default('user-management-graphql'),
  JWT_AUDIENCE: z.string().min(1).default('user-management-graphql'),
  ARGON2_MEMORY_KIB: positiveInt.min(1024).default(65536),
  ARGON2_TIME_COST: positiveInt.min(2).default(3),
  ARGON2_PARALLELISM: positiveInt.max(64).default(4),
  HASH_CONCURRENCY: positiveInt.optional(),
  WEB_CONCURRENCY: z
    .string()
    .regex(/^(auto|[1-9]\d*)$/, 'Must be a positive whole number, or auto (one worker per core)')
    .transform((workers) => (workers === 'auto' ? availableParallelism() : Number(workers)))
    .default(1),
  AUTH_MAX_FAILURES_PER_EMAIL: positiveInt.default(5),
  AUTH_MAX_FAILURES_PER_IP: positiveInt.default(100),
  AUTH_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
  CREATE_USER_MAX_PER_IP: positiveInt.default(50),
  ACCOUNT_WRITES_PER_MINUTE: positiveInt.default(30),
  AUDIT_RETENTION_DAYS: positiveInt.default(90),
  AUTH_UNIFORM_ERRORS: flag.default(false),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/./, 'Must be redis://… or rediss://…')
    .optional(),
  TRUST_PROXY: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((proxy) => proxy.trim())
        .filter(Boolean),
    )
    .superRefine((proxies, ctx) => {
      try {
        proxyAddr.compile(proxies);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default([]),
  MAX_BODY_BYTES: positiveInt.default(100 * 1024),
  MAX_MUTATIONS_PER_DOCUMENT: positiveInt.default(5),
  CORS_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine(isOrigin, 'Each entry must be an origin: scheme://host[:port], no path')))
    .default([]),
  GRAPHQL_INTROSPECTION: flag.optional(),
  GRAPHIQL: flag.optional(),
  METRICS: flag.default(true),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  ...webhookVariables,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  production: boolean;
  databaseUrl: string;
  databaseTimeouts: DatabaseTimeouts;
  migrateOnStart: boolean;
  /** How long a graceful shutdown may take before the process is ended anyway. */
  shutdownTimeoutMs: number;
  host: string;
  port: number;
  jwt: { secret: string; ttlSeconds: number; issuer: string; audience: string };
  rateLimits: RateLimitSettings;
  /** Answer an unknown email as a wrong password (`AUTH_UNIFORM_ERRORS`). */
  uniformCredentialErrors: boolean;
  /** How long outbox rows (domain and security events) are kept, unless a webhook delivery of theirs is still pending. */
  auditRetentionDays: number;
  redisUrl: string | undefined;
  /** Addresses or subnets of the proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  maxBodyBytes: number;
  /** Mutation fields one operation may run (`MAX_MUTATIONS_PER_DOCUMENT`), aliases and fragments included. */
  maxMutationsPerDocument: number;
  /** Origins whose pages may call the API from a browser (`CORS_ORIGINS`). */
  corsOrigins: string[];
  introspection: boolean;
  graphiql: boolean;
  /**
   * GET /metrics (`METRICS`): on the API's port, or on a port of its own (`METRICS_PORT`), always
   * in production, so the metrics are never served with the API.
   */
  metrics: { enabled: boolean; port: number; separate: boolean };
  /** Processes serving the one port (`WEB_CONCURRENCY`); 1: no cluster, this process serves. */
  workers: number;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** Hashes at once on the machine (`HASH_CONCURRENCY`); unset: as many as fill the cores (src/runtime/hash-budget.ts). */
  hashConcurrency: number | undefined;
  /** Webhooks (`WEBHOOK_URLS`…): undefined when no URL is set, so nothing is delivered. */
  webhooks: WebhookSettings | undefined;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /** Things the operator should hear about at start, such as a generated secret. */
  warnings: string[];
}

export class ConfigError extends Error {}

/** Reads and checks the environment once, at start; a bad value stops the process with its name. */
export function loadConfig(environment: NodeJS.ProcessEnv): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const warnings: string[] = [];
  const secretProblem = env.JWT_SECRET === undefined ? 'required when NODE_ENV=production, at least 32 bytes' : weakSecret(env.JWT_SECRET);
  if (production && secretProblem) {
    throw new ConfigError(`Invalid configuration:\n  JWT_SECRET: ${secretProblem} (openssl rand -base64 32)`);
  }
  if (!env.JWT_SECRET) {
    warnings.push(`JWT_SECRET is not set: using a random secret, so tokens die with this process. ${keepTokens}`);
  } else if (secretProblem) {
    warnings.push(`JWT_SECRET ${secretProblem}: production would refuse it (openssl rand -base64 32)`);
  }
  // 9464: the default port of OpenTelemetry's Prometheus exporters, which scrape configs often expect.
  const metricsPort = env.METRICS_PORT ?? (production ? 9464 : env.PORT);
  if (production && env.METRICS && metricsPort === env.PORT && metricsPort !== 0) {
    const problem = `must differ from PORT (${env.PORT}) in production: metrics are never served with the API`;
    throw new ConfigError(`Invalid configuration:\n  METRICS_PORT: ${problem}`);
  }
  if (env.WEB_CONCURRENCY > 1 && env.DATABASE_URL === 'sqlite::memory:') {
    const problem = 'must be 1 with DATABASE_URL=sqlite::memory:, or each worker would have a database of its own';
    throw new ConfigError(`Invalid configuration:\n  WEB_CONCURRENCY: ${problem}`);
  }
  if (env.WEBHOOK_URLS.length > 0 && env.WEBHOOK_SECRET === undefined) {
    throw new ConfigError(`Invalid configuration:\n  WEBHOOK_SECRET: ${webhookSecretRequired}`);
  }
  if (env.WEBHOOK_SECRET !== undefined && env.WEBHOOK_URLS.length === 0) {
    warnings.push('WEBHOOK_SECRET is set but WEBHOOK_URLS is not: no webhook is sent');
  }
  return {
    production,
    databaseUrl: env.DATABASE_URL,
    databaseTimeouts: { connectMs: env.DATABASE_CONNECT_TIMEOUT_MS, statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS },
    migrateOnStart: env.MIGRATE_ON_START,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    host: env.HOST,
    port: env.PORT,
    jwt: {
      secret: env.JWT_SECRET ?? randomSecret(),
      ttlSeconds: env.JWT_TTL_SECONDS,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    },
    rateLimits: {
      maxFailuresPerEmail: env.AUTH_MAX_FAILURES_PER_EMAIL,
      maxFailuresPerIp: env.AUTH_MAX_FAILURES_PER_IP,
      failureWindowSeconds: env.AUTH_FAILURE_WINDOW_SECONDS,
      maxSignUpsPerIpPerHour: env.CREATE_USER_MAX_PER_IP,
      maxWritesPerAccountPerMinute: env.ACCOUNT_WRITES_PER_MINUTE,
    },
    uniformCredentialErrors: env.AUTH_UNIFORM_ERRORS,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    redisUrl: env.REDIS_URL,
    trustedProxies: env.TRUST_PROXY,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxMutationsPerDocument: env.MAX_MUTATIONS_PER_DOCUMENT,
    corsOrigins: env.CORS_ORIGINS,
    // Open for development, closed in production unless asked for.
    introspection: env.GRAPHQL_INTROSPECTION ?? !production,
    graphiql: env.GRAPHIQL ?? !production,
    // PORT=0 and METRICS_PORT=0 (any free port) are two ports in production, one in development.
    metrics: { enabled: env.METRICS, port: metricsPort, separate: production || metricsPort !== env.PORT },
    argon2: {
      memoryCost: env.ARGON2_MEMORY_KIB,
      timeCost: env.ARGON2_TIME_COST,
      parallelism: env.ARGON2_PARALLELISM,
    },
    hashConcurrency: env.HASH_CONCURRENCY,
    workers: env.WEB_CONCURRENCY,
    webhooks: webhookSettings(env),
    logLevel: env.LOG_LEVEL,
    warnings,
  };
}

const keepTokens = 'To keep them across restarts: echo "JWT_SECRET=$(openssl rand -base64 32)" >> .env';

/** Why a token secret is too weak to sign with in production, or null. */
function weakSecret(secret: string): string | null {
  if (Buffer.byteLength(secret) < 32) return 'must be at least 32 bytes';
  if (new Set(secret).size === 1) return 'must not be one character repeated';
  const bits = Math.floor(estimatedEntropyBits(secret));
  return bits < 128 ? `has about ${bits} bits of entropy, at least 128 needed` : null;
}

function isOrigin(text: string): boolean {
  return URL.canParse(text) && new URL(text).origin === text;
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
