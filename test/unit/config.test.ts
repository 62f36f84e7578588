import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { refusedProblems } from '../support/refused-problems.ts';

/** A key for the audit lines' email hashes, which production requires too: for the tests of the other rules. */
const auditHashKey = { AUDIT_HASH_KEY: 'Hx4Nc8Qp2Vt6Wm1Zr9Bs3Ly7Kd5Fg0Je2Ua8Io4Tc6=' };
/** The refresh tokens' key, which production requires too. */
const refreshTokenKey = { REFRESH_TOKEN_KEY: 'Wm5Tq2Xz8Vc1Bn6Kr3Hd9Ls4Fp7Gy0Ja2Ue5Io8Qw3=' };

describe('loadConfig', () => {
  it('has working defaults for development: embedded SQLite, port 4000, a generated secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      databaseUrl: 'sqlite:./data/app.db',
      databaseTimeouts: { connectMs: 5000, statementMs: 10_000 },
      migrateOnStart: true,
      shutdownTimeoutMs: 10_000,
      host: '0.0.0.0',
      port: 4000,
      argon2: { memoryCost: 65536, timeCost: 3, parallelism: 4 },
      hashConcurrency: undefined,
    });
    expect(config.jwt).toEqual({
      signing: { algorithm: 'HS256', secrets: [expect.stringMatching(/^[\w-]{43}$/)] },
      ttlSeconds: 900,
      issuer: 'user-management-graphql',
      audience: 'user-management-graphql',
    });
    expect(config).toMatchObject({
      rateLimits: {
        maxFailuresPerEmail: 5,
        maxFailuresPerIp: 100,
        failureWindowSeconds: 900,
        maxSignUpsPerIpPerHour: 50,
        maxWritesPerAccountPerMinute: 30,
      },
      uniformCredentialErrors: false,
      auditRetentionDays: 90,
      redisUrl: undefined,
      trustedProxies: [],
      maxBodyBytes: 102400,
      maxMutationsPerDocument: 5,
      corsOrigins: [],
      introspection: true,
      graphiql: true,
      metrics: { enabled: true, port: 4000, separate: false },
    });
    expect(config.warnings).toEqual([
      'JWT_SECRET is not set: using a random secret, so tokens die with this process. ' +
        'To keep them across restarts: echo "JWT_SECRET=$(openssl rand -base64 32)" >> .env',
      'AUDIT_HASH_KEY is not set: using a random key, so audit lines about one email match only within this process. ' +
        'To match them across restarts: echo "AUDIT_HASH_KEY=$(openssl rand -base64 32)" >> .env',
      'REFRESH_TOKEN_KEY is not set: using a random key, so refresh tokens die with this process. ' +
        'To keep sessions across restarts: echo "REFRESH_TOKEN_KEY=$(openssl rand -base64 32)" >> .env',
    ]);
    expect(loadConfig({}).jwt.signing).not.toEqual(config.jwt.signing);
  });

  it('reads JWT_TTL_SECONDS, deprecated, when ACCESS_TOKEN_TTL_SECONDS is unset, with a warning', () => {
    const secrets = { JWT_SECRET: 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=', ...auditHashKey, ...refreshTokenKey };
    const renamed = 'JWT_TTL_SECONDS is deprecated: set ACCESS_TOKEN_TTL_SECONDS instead';
    expect(loadConfig({ ...secrets, JWT_TTL_SECONDS: '3600' })).toMatchObject({ jwt: { ttlSeconds: 3600 }, warnings: [renamed] });
    const both = loadConfig({ ...secrets, JWT_TTL_SECONDS: '3600', ACCESS_TOKEN_TTL_SECONDS: '300' });
    expect(both).toMatchObject({ jwt: { ttlSeconds: 300 }, warnings: [renamed] });
    expect(loadConfig({ ...secrets, ACCESS_TOKEN_TTL_SECONDS: '300' })).toMatchObject({ jwt: { ttlSeconds: 300 }, warnings: [] });
  });

  it('refuses to start in production without a JWT_SECRET of at least 32 bytes', () => {
    const refusal = (problem: string) => new ConfigError([`JWT_SECRET: ${problem} (openssl rand -base64 32)`]);
    expect(() => loadConfig({ NODE_ENV: 'production', ...auditHashKey, ...refreshTokenKey })).toThrow(
      refusal('required when NODE_ENV=production, at least 32 bytes'),
    );
    expect(() => loadConfig({ NODE_ENV: 'production', ...auditHashKey, ...refreshTokenKey, JWT_SECRET: 's'.repeat(31) })).toThrow(
      refusal('must be at least 32 bytes'),
    );
    // Bytes, not characters: 11 three-byte characters are 33 bytes, long enough (but one character repeated).
    expect(() => loadConfig({ NODE_ENV: 'production', ...auditHashKey, ...refreshTokenKey, JWT_SECRET: '秘'.repeat(11) })).toThrow(
      refusal('must not be one character repeated'),
    );
  });

  it('hashes audit emails with a key of its own, AUDIT_HASH_KEY: required in production, random with a warning otherwise', () => {
    const jwt = { JWT_SECRET: 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=' };
    expect(refusedProblems({ NODE_ENV: 'production', ...jwt, ...refreshTokenKey })).toEqual([
      'AUDIT_HASH_KEY: required when NODE_ENV=production, at least 32 bytes (openssl rand -base64 32)',
    ]);
    expect(refusedProblems({ NODE_ENV: 'production', ...jwt, ...refreshTokenKey, AUDIT_HASH_KEY: 'k'.repeat(40) })).toEqual([
      'AUDIT_HASH_KEY: must not be one character repeated (openssl rand -base64 32)',
    ]);
    expect(loadConfig({ NODE_ENV: 'production', ...jwt, ...auditHashKey, ...refreshTokenKey }).auditHashKey).toBe(
      auditHashKey.AUDIT_HASH_KEY,
    );
    expect(loadConfig({ ...jwt, ...refreshTokenKey, AUDIT_HASH_KEY: 'short' }).warnings).toEqual([
      'AUDIT_HASH_KEY must be at least 32 bytes: production would refuse it (openssl rand -base64 32)',
    ]);
    const random = loadConfig(jwt);
    expect(random.auditHashKey).toMatch(/^[\w-]{43}$/);
    expect(loadConfig(jwt).auditHashKey).not.toBe(random.auditHashKey);
    expect(random.auditHashKey).not.toBe(jwt.JWT_SECRET);
  });

  it('signs refresh tokens with a key of its own, REFRESH_TOKEN_KEY: required in production, random otherwise; sessions last 14 days idle, 30 at most', () => {
    const jwt = { JWT_SECRET: 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=' };
    expect(refusedProblems({ NODE_ENV: 'production', ...jwt, ...auditHashKey })).toEqual([
      'REFRESH_TOKEN_KEY: required when NODE_ENV=production, at least 32 bytes (openssl rand -base64 32)',
    ]);
    const random = loadConfig({ ...jwt, ...auditHashKey });
    expect(random.refreshTokenKey).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify([random.jwt.signing, random.auditHashKey])).not.toContain(random.refreshTokenKey);
    expect(random.sessions).toEqual({
      lifetimes: { idleTimeoutSeconds: 14 * 86400, maxLifetimeSeconds: 30 * 86400 },
      reuseGraceSeconds: 10,
      maxSessionsPerUser: 100,
    });
    // Bearer mode unless asked: the refresh token is answered, never set as a cookie.
    expect(random.sessionCookie).toBe(false);
    expect(refusedProblems({ REFRESH_REUSE_GRACE_SECONDS: '61', MAX_SESSIONS_PER_USER: '0', SESSION_COOKIE: 'yes' })).toEqual([
      'REFRESH_REUSE_GRACE_SECONDS: Too big: expected number to be <=60',
      'MAX_SESSIONS_PER_USER: Too small: expected number to be >0',
      'SESSION_COOKIE: Invalid option: expected one of "true"|"false"',
    ]);
  });

  it('runs one process by default, WEB_CONCURRENCY workers otherwise, one per core with auto', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '3' }).workers).toBe(3);
    expect(loadConfig({ WEB_CONCURRENCY: 'auto' }).workers).toBe(availableParallelism());
    for (const workers of ['0', '-1', '1.5', 'two', ' 2']) {
      expect(() => loadConfig({ WEB_CONCURRENCY: workers })).toThrow(
        new ConfigError(['WEB_CONCURRENCY: Must be a positive whole number, or auto (one worker per core)']),
      );
    }
    // Each worker would have a database of its own: a user signed up through one unknown to the next.
    expect(() => loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'sqlite::memory:' })).toThrow(
      new ConfigError(['WEB_CONCURRENCY: must be 1 with DATABASE_URL=sqlite::memory:, or each worker would have a database of its own']),
    );
    expect(loadConfig({ WEB_CONCURRENCY: '1', DATABASE_URL: 'sqlite::memory:' }).workers).toBe(1);
  });

  it('refuses in production a secret of one repeated character, or of less than 128 bits of estimated entropy', () => {
    const refusal = (problem: string) => new ConfigError([`JWT_SECRET: ${problem} (openssl rand -base64 32)`]);
    expect(() => loadConfig({ NODE_ENV: 'production', ...auditHashKey, ...refreshTokenKey, JWT_SECRET: 'a'.repeat(64) })).toThrow(
      refusal('must not be one character repeated'),
    );
    expect(() => loadConfig({ NODE_ENV: 'production', ...auditHashKey, ...refreshTokenKey, JWT_SECRET: 'ab'.repeat(32) })).toThrow(
      refusal('has about 64 bits of entropy, at least 128 needed'),
    );
    const generated = 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=';
    expect(loadConfig({ NODE_ENV: 'production', ...auditHashKey, ...refreshTokenKey, JWT_SECRET: generated }).jwt.signing).toEqual({
      algorithm: 'HS256',
      secrets: [generated],
    });
  });

  it('warns outside production of a secret production would refuse', () => {
    expect(loadConfig({ JWT_SECRET: 'short', ...auditHashKey, ...refreshTokenKey }).warnings).toEqual([
      'JWT_SECRET must be at least 32 bytes: production would refuse it (openssl rand -base64 32)',
    ]);
    expect(
      loadConfig({ JWT_SECRET: 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=', ...auditHashKey, ...refreshTokenKey }).warnings,
    ).toEqual([]);
  });

  it('closes introspection and GraphiQL in production unless asked for', () => {
    const secret = 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=';
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, ...auditHashKey, ...refreshTokenKey })).toMatchObject({
      introspection: false,
      graphiql: false,
    });
    expect(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        ...auditHashKey,
        ...refreshTokenKey,
        GRAPHQL_INTROSPECTION: 'true',
        GRAPHIQL: 'true',
      }),
    ).toMatchObject({
      introspection: true,
      graphiql: true,
    });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'false' })).toMatchObject({
      introspection: false,
      graphiql: false,
    });
  });

  it('refuses a TRUST_PROXY entry that is not an address, subnet or proxy-addr name', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8 ,192.0.2.7' }).trustedProxies).toEqual(['loopback', '10.0.0.0/8', '192.0.2.7']);
    expect(() => loadConfig({ TRUST_PROXY: 'my-proxy' })).toThrow(new ConfigError(['TRUST_PROXY: invalid IP address: my-proxy']));
  });

  it('serves /metrics on the API port in development, on a port of its own (9464) in production', () => {
    const secret = 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=';
    expect(loadConfig({ PORT: '8080' }).metrics).toEqual({ enabled: true, port: 8080, separate: false });
    expect(loadConfig({ PORT: '8080', METRICS_PORT: '9100' }).metrics).toEqual({ enabled: true, port: 9100, separate: true });
    expect(loadConfig({ PORT: '0' }).metrics).toEqual({ enabled: true, port: 0, separate: false });
    expect(loadConfig({ METRICS: 'false' }).metrics).toEqual({ enabled: false, port: 4000, separate: false });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, ...auditHashKey, ...refreshTokenKey }).metrics).toEqual({
      enabled: true,
      port: 9464,
      separate: true,
    });
    // Two free ports, whatever they turn out to be: never the API's own.
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, ...auditHashKey, ...refreshTokenKey, PORT: '0', METRICS_PORT: '0' }).metrics,
    ).toEqual({
      enabled: true,
      port: 0,
      separate: true,
    });
  });

  it('refuses in production a METRICS_PORT that is the API port, unless metrics are off', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'nCdXctyX328m5v7GFXXjE2pVPgnRuW5JFmTHJCGvgH0=',
      ...auditHashKey,
      ...refreshTokenKey,
    };
    const refusal = (port: number) =>
      new ConfigError([`METRICS_PORT: must differ from PORT (${port}) in production: metrics are never served with the API`]);
    expect(() => loadConfig({ ...production, METRICS_PORT: '4000' })).toThrow(refusal(4000));
    expect(() => loadConfig({ ...production, PORT: '9464' })).toThrow(refusal(9464));
    expect(loadConfig({ ...production, METRICS_PORT: '4000', METRICS: 'false' }).metrics).toEqual({
      enabled: false,
      port: 4000,
      separate: true,
    });
  });

  it('refuses a METRICS or METRICS_PORT that is not a flag or a port', () => {
    expect(() => loadConfig({ METRICS: 'on', METRICS_PORT: '70000' })).toThrow(
      new ConfigError(['METRICS: Invalid option: expected one of "true"|"false"', 'METRICS_PORT: Too big: expected number to be <=65535']),
    );
  });

  it('traces only with an OTLP endpoint, over HTTP (protobuf unless told), unless OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318/tenant?token=s3cret' }).tracing).toEqual({
      shownEndpoint: 'https://collector:4318',
      protocol: 'http/protobuf',
      sampler: { kind: 'parentbased_always_on', ratio: 1 },
      scheduleDelayMs: 5000,
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_SCHEDULE_DELAY: '1000',
      }).tracing,
    ).toEqual({
      shownEndpoint: 'http://traces:4318',
      protocol: 'http/json',
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.25 },
      scheduleDelayMs: 1000,
    });
    for (const off of [{ OTEL_SDK_DISABLED: 'true' }, { OTEL_TRACES_EXPORTER: 'none' }]) {
      expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ...off }).tracing).toBeUndefined();
    }
    expect(refusedProblems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL, such as http://localhost:4318',
      'OTEL_EXPORTER_OTLP_PROTOCOL: must be http/protobuf or http/json (gRPC is not built in: send OTLP over HTTP, port 4318 of a collector)',
    ]);
  });

  it('names every bad variable, once in its message', () => {
    const problems = [
      'DATABASE_URL: must be sqlite:<path>, sqlite::memory: or postgres://…, not "mysql://x"',
      'MIGRATE_ON_START: Invalid option: expected one of "true"|"false"',
      'PORT: Invalid input: expected number, received NaN',
    ];
    const bad = { DATABASE_URL: 'mysql://x', PORT: 'eighty', MIGRATE_ON_START: 'yes' };
    expect(() => loadConfig(bad)).toThrow(new ConfigError(problems));
    expect(refusedProblems(bad)).toEqual(problems);
    expect(new ConfigError(problems).message).toBe(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  });

  it('reports every rule across variables that is broken, not only the first', () => {
    const environment = {
      NODE_ENV: 'production',
      ...auditHashKey,
      ...refreshTokenKey,
      METRICS_PORT: '4000',
      WEB_CONCURRENCY: '2',
      DATABASE_URL: 'sqlite::memory:',
    };
    expect(refusedProblems(environment)).toEqual([
      'JWT_SECRET: required when NODE_ENV=production, at least 32 bytes (openssl rand -base64 32)',
      'METRICS_PORT: must differ from PORT (4000) in production: metrics are never served with the API',
      'WEB_CONCURRENCY: must be 1 with DATABASE_URL=sqlite::memory:, or each worker would have a database of its own',
    ]);
  });

  it('counts an empty variable as unset, as a .env line `REDIS_URL=` reads', () => {
    const config = loadConfig({ REDIS_URL: '', PORT: '', WEB_CONCURRENCY: '', HASH_CONCURRENCY: '', JWT_SECRET: '', CORS_ORIGINS: '' });
    expect(config).toMatchObject({ redisUrl: undefined, port: 4000, workers: 1, hashConcurrency: undefined, corsOrigins: [] });
    expect(config.warnings).toEqual(loadConfig({}).warnings);
    expect(refusedProblems({ NODE_ENV: 'production', JWT_SECRET: '', ...auditHashKey, ...refreshTokenKey })).toEqual([
      'JWT_SECRET: required when NODE_ENV=production, at least 32 bytes (openssl rand -base64 32)',
    ]);
  });

  it('refuses an AUDIT_RETENTION_DAYS that is not a positive whole number of days', () => {
    for (const days of ['0', '-1', '1.5', 'forever']) {
      expect(() => loadConfig({ AUDIT_RETENTION_DAYS: days })).toThrow(/^Invalid configuration:\n {2}AUDIT_RETENTION_DAYS: /);
    }
  });

  it('refuses a CORS_ORIGINS entry that is not an origin', () => {
    for (const entry of ['app.example', 'https://app.example/', 'https://app.example/path', '*']) {
      expect(() => loadConfig({ CORS_ORIGINS: `https://ok.example,${entry}` })).toThrow(
        new ConfigError(['CORS_ORIGINS.1: Each entry must be an origin: scheme://host[:port], no path']),
      );
    }
  });

  it('sends no webhooks by default; with WEBHOOK_URLS, every domain event, up to 20 attempts of 10 s, backing off from 1 s to 15 min', () => {
    expect(loadConfig({}).webhooks).toBeUndefined();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(
      loadConfig({ WEBHOOK_URLS: 'https://a.example/hooks, http://localhost:9000/in,https://a.example/hooks', WEBHOOK_SECRET: secret })
        .webhooks,
    ).toEqual({
      urls: ['https://a.example/hooks', 'http://localhost:9000/in'],
      secret,
      eventTypes: [
        'UserCreated',
        'UserActivated',
        'UserDeactivated',
        'UserSignedIn',
        'PasswordChanged',
        'UserUpdated',
        'UserSuspended',
        'UserReinstated',
        'RoleChanged',
        'UserDeleted',
        'TokensRevoked',
        'SessionStarted',
        'SessionEnded',
        'RefreshTokenReused',
      ],
      maxAttempts: 20,
      timeoutMs: 10_000,
      backoff: { baseMs: 1000, maxMs: 900_000 },
    });
    expect(loadConfig({ WEBHOOK_SECRET: secret }).warnings).toContain('WEBHOOK_SECRET is set but WEBHOOK_URLS is not: no webhook is sent');
  });

  it('refuses WEBHOOK_URLS without a WEBHOOK_SECRET, a secret not in the whsec_ format, a URL that is not http(s), an unknown event type', () => {
    const refusal = (variable: string, problem: string) => new ConfigError([`${variable}: ${problem}`]);
    expect(() => loadConfig({ WEBHOOK_URLS: 'https://a.example/hooks' })).toThrow(
      refusal('WEBHOOK_SECRET', 'required when WEBHOOK_URLS is set (echo "WEBHOOK_SECRET=whsec_$(openssl rand -base64 32)" >> .env)'),
    );
    // Not whsec_, not base64, fewer than 24 bytes, more than 64.
    for (const secret of [
      'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'whsec_not base64!',
      'whsec_c2hvcnQ=',
      `whsec_${Buffer.alloc(65).toString('base64')}`,
    ]) {
      expect(() => loadConfig({ WEBHOOK_URLS: 'https://a.example/hooks', WEBHOOK_SECRET: secret })).toThrow(
        refusal('WEBHOOK_SECRET', 'Must be whsec_ followed by the base64 of 24 to 64 random bytes: whsec_$(openssl rand -base64 32)'),
      );
    }
    for (const url of [
      'a.example/hooks',
      'ftp://a.example/hooks',
      'https://user:pass@a.example/hooks',
      `https://a.example/${'x'.repeat(2048)}`,
    ]) {
      expect(() => loadConfig({ WEBHOOK_URLS: `https://ok.example,${url}` })).toThrow(
        refusal('WEBHOOK_URLS.1', 'Each entry must be an http:// or https:// URL without user:password@, of at most 2048 characters'),
      );
    }
    expect(() => loadConfig({ WEBHOOK_EVENT_TYPES: 'UserCreated,SignInFailed' })).toThrow(
      /^Invalid configuration:\n {2}WEBHOOK_EVENT_TYPES\.1: /,
    );
    for (const variable of ['WEBHOOK_MAX_ATTEMPTS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_BACKOFF_BASE_MS', 'WEBHOOK_BACKOFF_MAX_MS']) {
      expect(() => loadConfig({ [variable]: '0' })).toThrow(new RegExp(`^Invalid configuration:\\n {2}${variable}: `));
    }
  });

  it('hides the credentials of a bad database URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app' })).toThrow(/mysql:\/\/\*\*\*@db\/app/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db:5432/users',
      MIGRATE_ON_START: 'false',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_STATEMENT_TIMEOUT_MS: '3000',
      SHUTDOWN_TIMEOUT_MS: '4000',
      HOST: '127.0.0.1',
      PORT: '8080',
      JWT_SECRET: 'a-production-secret-of-32-bytes!',
      ...auditHashKey,
      ...refreshTokenKey,
      SESSION_IDLE_TIMEOUT_SECONDS: '3600',
      SESSION_MAX_LIFETIME_SECONDS: '86400',
      REFRESH_REUSE_GRACE_SECONDS: '5',
      MAX_SESSIONS_PER_USER: '7',
      SESSION_COOKIE: 'true',
      ACCESS_TOKEN_TTL_SECONDS: '900',
      JWT_ISSUER: 'users',
      JWT_AUDIENCE: 'web',
      AUTH_MAX_FAILURES_PER_EMAIL: '3',
      AUTH_MAX_FAILURES_PER_IP: '30',
      AUTH_FAILURE_WINDOW_SECONDS: '60',
      CREATE_USER_MAX_PER_IP: '10',
      AUTH_UNIFORM_ERRORS: 'true',
      AUDIT_RETENTION_DAYS: '30',
      REDIS_URL: 'redis://cache:6379/2',
      TRUST_PROXY: '10.0.0.1',
      MAX_BODY_BYTES: '4096',
      MAX_MUTATIONS_PER_DOCUMENT: '3',
      ACCOUNT_WRITES_PER_MINUTE: '12',
      CORS_ORIGINS: 'https://app.example, http://localhost:5173',
      GRAPHQL_INTROSPECTION: 'true',
      GRAPHIQL: 'false',
      ARGON2_MEMORY_KIB: '19456',
      ARGON2_TIME_COST: '2',
      ARGON2_PARALLELISM: '1',
      HASH_CONCURRENCY: '2',
      WEB_CONCURRENCY: '2',
      LOG_LEVEL: 'warn',
      METRICS: 'true',
      METRICS_PORT: '9100',
      WEBHOOK_URLS: 'https://hooks.example/users',
      WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      WEBHOOK_EVENT_TYPES: 'UserCreated,UserDeleted',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_TIMEOUT_MS: '3000',
      WEBHOOK_BACKOFF_BASE_MS: '500',
      WEBHOOK_BACKOFF_MAX_MS: '60000',
    });
    expect(config).toEqual({
      production: true,
      databaseUrl: 'postgresql://app@db:5432/users',
      databaseTimeouts: { connectMs: 2000, statementMs: 3000 },
      migrateOnStart: false,
      shutdownTimeoutMs: 4000,
      host: '127.0.0.1',
      port: 8080,
      jwt: {
        signing: { algorithm: 'HS256', secrets: ['a-production-secret-of-32-bytes!'] },
        ttlSeconds: 900,
        issuer: 'users',
        audience: 'web',
      },
      auditHashKey: auditHashKey.AUDIT_HASH_KEY,
      refreshTokenKey: refreshTokenKey.REFRESH_TOKEN_KEY,
      sessions: { lifetimes: { idleTimeoutSeconds: 3600, maxLifetimeSeconds: 86400 }, reuseGraceSeconds: 5, maxSessionsPerUser: 7 },
      sessionCookie: true,
      rateLimits: {
        maxFailuresPerEmail: 3,
        maxFailuresPerIp: 30,
        failureWindowSeconds: 60,
        maxSignUpsPerIpPerHour: 10,
        maxWritesPerAccountPerMinute: 12,
      },
      uniformCredentialErrors: true,
      auditRetentionDays: 30,
      redisUrl: 'redis://cache:6379/2',
      trustedProxies: ['10.0.0.1'],
      maxBodyBytes: 4096,
      maxMutationsPerDocument: 3,
      corsOrigins: ['https://app.example', 'http://localhost:5173'],
      introspection: true,
      graphiql: false,
      fieldSuggestions: false,
      metrics: { enabled: true, port: 9100, separate: true },
      argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
      hashConcurrency: 2,
      workers: 2,
      webhooks: {
        urls: ['https://hooks.example/users'],
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        eventTypes: ['UserCreated', 'UserDeleted'],
        maxAttempts: 5,
        timeoutMs: 3000,
        backoff: { baseMs: 500, maxMs: 60_000 },
      },
      logLevel: 'warn',
      warnings: [],
    });
  });
});
