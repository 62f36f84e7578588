import type { MikroORM } from '@mikro-orm/core';
import type { Clock } from './application/ports.ts';
import type { Config } from './config/load-config.ts';
import type { Argon2Settings } from './config/runtime.ts';
import type { Ports } from './graphql/context.ts';
import type { PublicKeySet } from './http/endpoints/jwks-endpoint.ts';
import type { CheckState } from './http/endpoints/readiness.ts';
import { requestScope } from './http/request-id.ts';
import { Argon2PasswordHasher } from './infrastructure/argon2/argon2-password-hasher.ts';
import { scheduleAuditRetention } from './infrastructure/audit-retention.ts';
import { CredentialAuditSink } from './infrastructure/credential-audit-sink.ts';
import { isConnectionFault } from './infrastructure/databases/database-faults.ts';
import type { DependencyStatus } from './infrastructure/dependency-status.ts';
import type { Logger } from './infrastructure/logger.ts';
import { ormPool } from './infrastructure/metrics/database-pool-metrics.ts';
import type { ServiceMetrics } from './infrastructure/metrics/service-metrics.ts';
import { MikroOrmAuditTrail } from './infrastructure/mikro-orm/audit-trail.ts';
import { PreparedSessionStore } from './infrastructure/mikro-orm/fast-user-reader/prepared-session-store.ts';
import { PreparedUserReader } from './infrastructure/mikro-orm/fast-user-reader/prepared-user-reader.ts';
import { openDatabase } from './infrastructure/mikro-orm/open-database.ts';
import { passwordHashKinds } from './infrastructure/mikro-orm/password-hash-kinds.ts';
import { MikroOrmSessionStore } from './infrastructure/mikro-orm/sessions/session-store.ts';
import { mikroOrmUnitOfWorkFactory } from './infrastructure/mikro-orm/unit-of-work.ts';
import { MikroOrmUserDirectory } from './infrastructure/mikro-orm/user-directory.ts';
import { openWatchedRateLimits } from './infrastructure/rate-limits/open-watched-rate-limits.ts';
import { scheduleSessionPruning } from './infrastructure/sessions/session-pruning.ts';
import { HmacRefreshTokenCodec } from './infrastructure/tokens/hmac-refresh-token-codec.ts';
import { JwtTokenIssuer } from './infrastructure/tokens/jwt-token-issuer.ts';
import { Lifecycle } from './lifecycle.ts';
import type { Operations } from './server.ts';
import { MikroOrmWebhookDeliveries } from './webhooks/mikro-orm/mikro-orm-webhook-deliveries.ts';
import { startWebhookDelivery } from './webhooks/start-webhook-delivery.ts';

export interface Adapters {
  ports: Ports;
  /** GET /ready's checks, and which unexpected errors belong to an outage already logged. */
  health: Pick<Operations, 'readinessChecks' | 'isKnownFault'>;
  /** Closes, in reverse, what was opened; the caller registers what it opens on top. */
  lifecycle: Lifecycle;
  /** The public keys of the access tokens (EdDSA), for GET /.well-known/jwks.json; undefined with HS256. */
  publicKeys: PublicKeySet | undefined;
}

/**
 * Opens the concrete adapters the configuration picks, each registering its close as it opens. A
 * start that fails closes what it had opened.
 */
export async function openAdapters(config: Config, logger: Logger, machine: MachineUse): Promise<Adapters> {
  const lifecycle = new Lifecycle();
  try {
    return { ...(await open(config, logger, lifecycle, machine)), lifecycle };
  } catch (error) {
    // The start's own failure is the one to tell; what fails to close dies with the process.
    await lifecycle.close().catch(() => {});
    throw error;
  }
}

/** What the composition root hands the adapters beside the configuration. */
export interface MachineUse {
  metrics: ServiceMetrics | undefined;
  /** Password hashes this process runs at once (src/runtime/hash-budget.ts, in main.ts). */
  hashesAtOnce: number;
  /** What time it is for sessions and access tokens: the system's (systemClock), or a test's. */
  clock: Clock;
}

async function open(config: Config, logger: Logger, lifecycle: Lifecycle, { metrics, hashesAtOnce, clock }: MachineUse) {
  const database = await openDatabase(config, logger);
  lifecycle.onClose(database.close);
  const { orm } = database;
  const rateLimits = await openWatchedRateLimits(config, logger, metrics?.rateLimits);
  lifecycle.onClose(rateLimits.close);
  const passwordHasher = await openPasswordHasher(config, { ...config.argon2, maxConcurrent: hashesAtOnce }, orm, metrics);
  metrics?.watch({ hasher: passwordHasher, pools: { orm: await ormPool(orm), rateLimitStore: rateLimits.pool } });
  // The outbox: security events written here, domain events by each unit of work; pruned hourly.
  const auditTrail = new MikroOrmAuditTrail(orm);
  const retention = scheduleAuditRetention({
    prune: (cutoff) => auditTrail.prune(cutoff),
    retentionDays: config.auditRetentionDays,
    logger,
  });
  lifecycle.onClose(retention.stop);
  // The rows of sessions over for an hour, deleted hourly: the table holds about the live sessions.
  const sessionPruning = scheduleSessionPruning({ sessions: new MikroOrmSessionStore(orm), logger, now: () => clock.now() });
  lifecycle.onClose(sessionPruning.stop);
  // Webhooks, when WEBHOOK_URLS is set: this worker reads the outbox (and is woken by this process's commits).
  const webhooks = config.webhooks && (await startWebhookDelivery(orm, config.webhooks, logger, metrics?.webhooks));
  if (webhooks) lifecycle.onClose(webhooks.stop);
  const credentialAudit = new CredentialAuditSink({
    securityEvents: auditTrail,
    logger,
    hashKey: config.auditHashKey,
    requestId: () => requestScope.getStore()?.requestId,
    count: metrics?.countCredentialOutcome,
  });
  const userDirectory = new MikroOrmUserDirectory(orm);
  const tokenIssuer = new JwtTokenIssuer(config.jwt, clock);
  const ports: Ports = {
    createUnitOfWork: mikroOrmUnitOfWorkFactory(orm, { committed: webhooks?.wake }),
    // Each request's caller, read fast (fast-user-reader/); `userReader: userDirectory` reads it too, slower.
    userReader: new PreparedUserReader(orm),
    userDirectory,
    passwordHasher,
    tokenIssuer,
    // Each request's session check, read as fast as its caller; `new MikroOrmSessionStore(orm)` reads it too, slower.
    sessionStore: new PreparedSessionStore(orm),
    refreshTokens: new HmacRefreshTokenCodec(config.refreshTokenKey),
    sessionSettings: config.sessions,
    rateLimits: rateLimits.limits,
    credentialAudit,
    auditTrail,
    webhookDeliveries: new MikroOrmWebhookDeliveries(orm),
    uniformCredentialErrors: config.uniformCredentialErrors,
    clock,
  };
  const health: Adapters['health'] = {
    readinessChecks: {
      database: answers(database.status),
      migrations: migrationsState(database.migrated),
      rateLimitStore: answers(rateLimits.status),
    },
    // Never one refused statement: only an error of a connection's kind, and only once the probe fails too.
    isKnownFault: (error) => isConnectionFault(error) && database.status.suspect(),
  };
  return { ports, health, publicKeys: tokenIssuer.publicKeys };
}

async function openPasswordHasher(config: Config, argon2: Argon2Settings, orm: MikroORM, metrics: ServiceMetrics | undefined) {
  const passwordHasher = new Argon2PasswordHasher(argon2, metrics?.hashTimings);
  // Before listening: the first unknown email must already answer as slowly as the slowest hash.
  if (config.uniformCredentialErrors) await passwordHasher.measure(await passwordHashKinds(orm));
  return passwordHasher;
}

function answers(status: DependencyStatus): () => Promise<CheckState> {
  return async () => ((await status.check()) ? 'ok' : 'down');
}

function migrationsState(migrated: () => Promise<boolean | undefined>): () => Promise<CheckState> {
  return async () => {
    const state = await migrated();
    return state === undefined ? 'unknown' : state ? 'ok' : 'pending';
  };
}
