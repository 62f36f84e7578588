import type { AddressInfo } from 'node:net';
import { createHttpTerminator } from 'http-terminator';
import { schema } from './graphql/schema.ts';
import type { CheckState } from './http/readiness.ts';
import { AuditLog } from './infrastructure/audit-log.ts';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher.ts';
import type { Config } from './infrastructure/config.ts';
import { isDatabaseOutage } from './infrastructure/database-faults.ts';
import { DependencyStatus } from './infrastructure/dependency-status.ts';
import { JwtTokenIssuer } from './infrastructure/jwt-token-issuer.ts';
import type { Logger } from './infrastructure/logger.ts';
import { openOrm } from './infrastructure/mikro-orm/open-orm.ts';
import { passwordHashKinds } from './infrastructure/mikro-orm/password-hash-kinds.ts';
import { mikroOrmUnitOfWorkFactory } from './infrastructure/mikro-orm/unit-of-work.ts';
import { openRateLimits } from './infrastructure/rate-limits/open-rate-limits.ts';
import { reaching } from './infrastructure/startup-error.ts';
import { createServer } from './server.ts';

export interface App {
  /** Starts listening on the configured host and port; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /**
   * Stops accepting connections, lets in-flight requests finish (for up to `shutdownTimeoutMs`),
   * then closes the database and the rate-limit store.
   */
  close(): Promise<void>;
}

/** The composition root: the only place that picks the concrete adapters. */
export async function createApp(config: Config, logger: Logger): Promise<App> {
  const { orm, migrations: applied } = await openOrm(config);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  const probeTimeoutMs = config.databaseTimeouts.connectMs;
  const database = new DependencyStatus(
    {
      name: 'database',
      whileDown: 'requests that need it fail until it answers again',
      level: 'error',
      probe: async () => void (await orm.em.getConnection().execute('select 1')),
      timeoutMs: probeTimeoutMs,
    },
    logger,
  );
  const rateLimitStore = new DependencyStatus(
    {
      name: 'rateLimitStore',
      whileDown: 'rate limits count in memory on this instance until it answers again',
      level: 'warn',
      probe: () => rateLimits.probe(),
      timeoutMs: probeTimeoutMs,
    },
    logger,
  );
  const rateLimitStoreRemedy = config.redisUrl ? 'start Redis, or fix REDIS_URL' : 'start the database, or fix DATABASE_URL';
  const rateLimits = await reaching('rateLimitStore', rateLimitStoreRemedy, () =>
    openRateLimits(config.rateLimits, {
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      timeouts: config.databaseTimeouts,
      onFault: (error) => rateLimitStore.failed(error),
    }),
  );
  logger.info({ store: rateLimits.store }, 'rate-limit counts kept in %s', rateLimits.store);
  const passwordHasher = new Argon2PasswordHasher(config.argon2);
  // Before listening: the first unknown email must already answer as slowly as the slowest hash.
  if (config.uniformCredentialErrors) await passwordHasher.measure(await passwordHashKinds(orm));

  // Once none is pending, none can be until a new release: stop asking.
  let migrationsApplied = false;
  const migrations = async (): Promise<CheckState> => {
    if (migrationsApplied) return 'ok';
    if (!(await database.check())) return 'unknown';
    migrationsApplied = (await orm.migrator.getPending()).length === 0;
    return migrationsApplied ? 'ok' : 'pending';
  };
  const auditLog = new AuditLog(logger, config.jwt.secret);
  const server = createServer({
    schema,
    createUnitOfWork: mikroOrmUnitOfWorkFactory(orm),
    passwordHasher,
    tokenIssuer: new JwtTokenIssuer(config.jwt),
    rateLimits: rateLimits.limits,
    uniformCredentialErrors: config.uniformCredentialErrors,
    onCredentialOutcome: (outcome) => auditLog.record(outcome),
    readinessChecks: {
      database: async () => ((await database.check()) ? 'ok' : 'down'),
      migrations,
      rateLimitStore: async () => ((await rateLimitStore.check()) ? 'ok' : 'down'),
    },
    logger,
    isKnownFault: (error) => {
      if (!isDatabaseOutage(error)) return false;
      database.failed(error);
      return true;
    },
    trustedProxies: config.trustedProxies,
    maxBodyBytes: config.maxBodyBytes,
    corsOrigins: config.corsOrigins,
    introspection: config.introspection,
    graphiql: config.graphiql,
    fieldSuggestions: !config.production,
  });

  // Unlike server.close(), also closes keep-alive connections as their in-flight responses end.
  const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: config.shutdownTimeoutMs });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve(server.address() as AddressInfo));
      }),
    close: async () => {
      // Refuse new connections now: http-terminator alone keeps accepting (and dropping) them
      // until the drain ends, and then finds the server closed already, which is what we want.
      server.close();
      await terminator.terminate().catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ERR_SERVER_NOT_RUNNING') throw error;
      });
      database.stop();
      rateLimitStore.stop();
      await rateLimits.close();
      await orm.close();
    },
  };
}
