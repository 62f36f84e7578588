import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { createHttpTerminator } from 'http-terminator';
import { separateMetricsServer } from './cluster/cluster-metrics.ts';
import type { Config } from './config/load-config.ts';
import { NICE_WITHOUT_IDLE } from './config/runtime.ts';
import { schema } from './graphql/schema.ts';
import type { CheckState } from './http/readiness.ts';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher.ts';
import { AuditLog } from './infrastructure/audit-log.ts';
import { scheduleAuditRetention } from './infrastructure/audit-retention.ts';
import { isConnectionFault } from './infrastructure/database-faults.ts';
import { DependencyStatus } from './infrastructure/dependency-status.ts';
import { lowerHashThreadPriority } from './infrastructure/hash-thread-priority.ts';
import { JwtTokenIssuer } from './infrastructure/jwt-token-issuer.ts';
import type { Logger } from './infrastructure/logger.ts';
import { ormPool } from './infrastructure/metrics/database-pool-metrics.ts';
import { createServiceMetrics } from './infrastructure/metrics/service-metrics.ts';
import { MikroOrmAuditTrail } from './infrastructure/mikro-orm/audit-trail.ts';
import { PreparedUserReader } from './infrastructure/mikro-orm/fast-user-reader/prepared-user-reader.ts';
import { openOrm } from './infrastructure/mikro-orm/open-orm.ts';
import { passwordHashKinds } from './infrastructure/mikro-orm/password-hash-kinds.ts';
import { mikroOrmUnitOfWorkFactory } from './infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from './infrastructure/mikro-orm/user-directory.ts';
import { MikroOrmWebhookDeliveries } from './infrastructure/mikro-orm/webhook-deliveries.ts';
import { openRateLimits } from './infrastructure/rate-limits/open-rate-limits.ts';
import { reaching } from './infrastructure/startup-error.ts';
import { startWebhookDelivery } from './infrastructure/webhooks/start-webhook-delivery.ts';
import { createServer } from './server.ts';

export interface App {
  /** Starts listening on the configured host and port; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Where the metrics' own server listens, once listen() resolved; undefined when they are off or on the API's port. */
  metricsAddress(): AddressInfo | undefined;
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
  else if (!config.migrateOnStart) await warnOfPendingMigrations(orm, logger);
  const metrics = config.metrics.enabled ? createServiceMetrics() : undefined;
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
      observer: metrics?.rateLimits,
    }),
  );
  logger.info({ store: rateLimits.store }, 'rate-limit counts kept in %s', rateLimits.store);
  const passwordHasher = new Argon2PasswordHasher(config.argon2, metrics?.hashTimings);
  const idleRefused = await lowerHashThreadPriority(config.hashThreadPriority);
  if (idleRefused) {
    logger.warn(
      { reason: idleRefused },
      'the hash threads could not be set to SCHED_IDLE: those not set run %d nice steps below the event loop',
      NICE_WITHOUT_IDLE,
    );
  }
  if (metrics) metrics.watch({ hasher: passwordHasher, pools: { orm: await ormPool(orm), rateLimitStore: rateLimits.pool } });
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
  // The outbox: security events written here, domain events by each unit of work; pruned hourly.
  const auditTrail = new MikroOrmAuditTrail(orm, { hashEmail: auditLog.emailHash });
  const auditRetention = scheduleAuditRetention({
    prune: (cutoff) => auditTrail.prune(cutoff),
    retentionDays: config.auditRetentionDays,
    logger,
  });
  // Webhooks, when WEBHOOK_URLS is set: each commit writes its events' deliveries, this worker sends them.
  const webhooks = config.webhooks && startWebhookDelivery(orm, config.webhooks, logger, metrics?.webhooks);
  const userDirectory = new MikroOrmUserDirectory(orm);
  const server = createServer({
    schema,
    createUnitOfWork: mikroOrmUnitOfWorkFactory(orm, { webhooks: webhooks?.routing }),
    // Each request's caller, read fast (fast-user-reader/); `userReader: userDirectory` reads it too, slower.
    userReader: new PreparedUserReader(orm),
    userDirectory,
    passwordHasher,
    tokenIssuer: new JwtTokenIssuer(config.jwt),
    rateLimits: rateLimits.limits,
    uniformCredentialErrors: config.uniformCredentialErrors,
    securityEvents: auditTrail,
    auditTrail,
    webhookDeliveries: new MikroOrmWebhookDeliveries(orm),
    onCredentialOutcome: (outcome) => {
      auditLog.record(outcome);
      metrics?.countCredentialOutcome(outcome);
    },
    readinessChecks: {
      database: async () => ((await database.check()) ? 'ok' : 'down'),
      migrations,
      rateLimitStore: async () => ((await rateLimitStore.check()) ? 'ok' : 'down'),
    },
    logger,
    // Never one refused statement: only an error of a connection's kind, and only once the probe fails too.
    isKnownFault: (error) => isConnectionFault(error) && database.suspect(),
    trustedProxies: config.trustedProxies,
    maxBodyBytes: config.maxBodyBytes,
    maxMutationsPerDocument: config.maxMutationsPerDocument,
    corsOrigins: config.corsOrigins,
    introspection: config.introspection,
    graphiql: config.graphiql,
    fieldSuggestions: !config.production,
    observingPlugins: metrics ? [metrics.graphqlPlugin] : [],
    metricsHere: config.metrics.separate ? undefined : metrics?.registry,
  });
  // In production the metrics get a port of their own: whoever reaches the API never sees them.
  // In a cluster's worker, none: the primary serves that port, with every worker's metrics summed.
  const metricsServer = metrics && config.metrics.separate ? separateMetricsServer(metrics.registry) : undefined;

  // Unlike server.close(), also closes keep-alive connections as their in-flight responses end.
  const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: config.shutdownTimeoutMs });

  return {
    listen: async () => {
      if (metricsServer) await listening(metricsServer, config.metrics.port, config.host);
      return listening(server, config.port, config.host);
    },
    metricsAddress: () => (metricsServer?.address() ?? undefined) as AddressInfo | undefined,
    close: async () => {
      // Refuse new connections now: http-terminator alone keeps accepting (and dropping) them
      // until the drain ends, and then finds the server closed already, which is what we want.
      server.close();
      if (metricsServer) {
        const closed = new Promise((resolve) => metricsServer.close(resolve));
        // A scrape cut short costs nothing: the next one would find the process gone anyway.
        metricsServer.closeAllConnections();
        await closed;
      }
      await terminator.terminate().catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ERR_SERVER_NOT_RUNNING') throw error;
      });
      database.stop();
      rateLimitStore.stop();
      await webhooks?.stop();
      await auditRetention.stop();
      await rateLimits.close();
      await orm.close();
    },
  };
}

function listening(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * Started with MIGRATE_ON_START=false before `npm run migrate`: it serves anyway (/ready answers
 * 503 until the migrations are in, so a deployment's migration job can run meanwhile), but says so
 * once, in one line, rather than through the first failed request.
 */
async function warnOfPendingMigrations(orm: MikroORM, logger: Logger): Promise<void> {
  const pending = (await orm.migrator.getPending()).map((migration) => migration.name);
  if (pending.length === 0) return;
  logger.error({ pending }, 'migrations pending: run `npm run migrate`; until then /ready answers 503 and requests fail');
}
