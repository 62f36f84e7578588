import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/infrastructure/config.ts';

describe('loadConfig', () => {
  it('has working defaults for development: embedded SQLite, port 4000, a generated secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      databaseUrl: 'sqlite:./data/app.db',
      migrateOnStart: true,
      host: '0.0.0.0',
      port: 4000,
      argon2: { memoryCost: 65536, timeCost: 3, parallelism: 4 },
    });
    expect(config.jwt).toEqual({ secret: expect.stringMatching(/^[\w-]{43}$/), ttlSeconds: 3600 });
    expect(config.warnings).toEqual(['JWT_SECRET is not set: using a random secret, so tokens die with this process']);
    expect(loadConfig({}).jwt.secret).not.toBe(config.jwt.secret);
  });

  it('caps concurrent hashes below the libuv pool size of 4 and at most the core count', () => {
    expect(loadConfig({}).argon2.maxConcurrent).toBeGreaterThanOrEqual(1);
    expect(loadConfig({}).argon2.maxConcurrent).toBeLessThanOrEqual(3);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production'),
    );
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', MIGRATE_ON_START: 'yes' })).toThrow(
      new ConfigError(
        'Invalid configuration:\n' +
          '  DATABASE_URL: DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…, not "mysql://x"\n' +
          '  MIGRATE_ON_START: Invalid option: expected one of "true"|"false"\n' +
          '  PORT: Invalid input: expected number, received NaN',
      ),
    );
  });

  it('hides the credentials of a bad database URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app' })).toThrow(/mysql:\/\/\*\*\*@db\/app/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db:5432/users',
      MIGRATE_ON_START: 'false',
      HOST: '127.0.0.1',
      PORT: '8080',
      JWT_SECRET: 'production-secret',
      JWT_TTL_SECONDS: '900',
      ARGON2_MEMORY_KIB: '19456',
      ARGON2_TIME_COST: '2',
      ARGON2_PARALLELISM: '1',
      HASH_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
    });
    expect(config).toEqual({
      production: true,
      databaseUrl: 'postgresql://app@db:5432/users',
      migrateOnStart: false,
      host: '127.0.0.1',
      port: 8080,
      jwt: { secret: 'production-secret', ttlSeconds: 900 },
      argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1, maxConcurrent: 1 },
      logLevel: 'warn',
      warnings: [],
    });
  });
});
