import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './database-url.ts';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const positiveInt = z.coerce.number().int().positive();

/** Every hash takes a libuv thread; leave at least one of the pool for file I/O, DNS and crypto. */
const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const defaultHashConcurrency = Math.max(1, Math.min(availableParallelism(), threadPoolSize - 1));

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
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  JWT_SECRET: z.string().min(1).optional(),
  JWT_TTL_SECONDS: positiveInt.default(3600),
  ARGON2_MEMORY_KIB: positiveInt.min(1024).default(65536),
  ARGON2_TIME_COST: positiveInt.min(2).default(3),
  ARGON2_PARALLELISM: positiveInt.max(64).default(4),
  HASH_CONCURRENCY: positiveInt.max(threadPoolSize).default(defaultHashConcurrency),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  production: boolean;
  databaseUrl: string;
  migrateOnStart: boolean;
  host: string;
  port: number;
  jwt: { secret: string; ttlSeconds: number };
  argon2: { memoryCost: number; timeCost: number; parallelism: number; maxConcurrent: number };
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
  if (!env.JWT_SECRET && production) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
  }
  if (!env.JWT_SECRET) {
    warnings.push('JWT_SECRET is not set: using a random secret, so tokens die with this process');
  }
  return {
    production,
    databaseUrl: env.DATABASE_URL,
    migrateOnStart: env.MIGRATE_ON_START,
    host: env.HOST,
    port: env.PORT,
    jwt: { secret: env.JWT_SECRET ?? randomSecret(), ttlSeconds: env.JWT_TTL_SECONDS },
    argon2: {
      memoryCost: env.ARGON2_MEMORY_KIB,
      timeCost: env.ARGON2_TIME_COST,
      parallelism: env.ARGON2_PARALLELISM,
      maxConcurrent: env.HASH_CONCURRENCY,
    },
    logLevel: env.LOG_LEVEL,
    warnings,
  };
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
