import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/load-config.ts';
import { signingEnvironment } from '../config/values/signing-keys.ts';
import { createMetricsServer } from '../http/endpoints/metrics-endpoint.ts';
import type { Logger } from '../infrastructure/logger.ts';
import { logServing } from '../start-lines.ts';
import { clusterMetrics } from './cluster-metrics.ts';
import { RestartBackoff } from './restart-backoff.ts';
import type { PrimaryRequest } from './worker.ts';

/** How long a scrape waits for each worker's metrics (Prometheus' own default timeout is 10 s). */
const workerMetricsTimeoutMs = 3000;

/**
 * WEB_CONCURRENCY > 1: this process serves no request. It forks `config.workers` workers, each
 * running src/main.ts as a single process would, all on the one port (node:cluster's primary
 * accepts the connections and hands them round); replaces a worker that dies; passes SIGTERM and
 * SIGINT on and waits for every worker's drain; serves METRICS_PORT, every worker's metrics summed.
 * Resolves with the exit code.
 *
 * The first worker starts alone and applies the migrations (MIGRATE_ON_START); the others start
 * once it listens, with nothing left to apply. So migrations run once, on SQLite too (which has no
 * lock to take turns on), and a start that fails — a database or Redis that does not answer — is
 * told once, by that worker's one fatal line, before any other worker exists.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<number> {
  /** Forked and not exited; `serving`: of those, the ones that listen. */
  const alive = new Set<Worker>();
  const serving = new Set<Worker>();
  const metricsServer =
    config.metrics.enabled && config.metrics.separate
      ? createMetricsServer(clusterMetrics(() => [...serving], workerMetricsTimeoutMs))
      : undefined;
  if (metricsServer) {
    metricsServer.listen(config.metrics.port, config.host);
    const listened = await once(metricsServer, 'listening').catch((error: Error) => error);
    if (listened instanceof Error) {
      logger.fatal({ cause: listened.message }, 'could not listen: free the port, or change METRICS_PORT');
      return 1;
    }
  }
  // Every worker signs and checks tokens with the same keys, and hashes emails with one key, also random ones.
  const secrets = {
    ...signingEnvironment(config.jwt.signing),
    AUDIT_HASH_KEY: config.auditHashKey,
    REFRESH_TOKEN_KEY: config.refreshTokenKey,
  };
  const fork = (migrate: boolean) => {
    const worker = cluster.fork({ ...secrets, ...(migrate ? {} : { MIGRATE_ON_START: 'false' }) });
    // A message that could not be sent to a worker on its way out: its exit is what counts.
    worker.on('error', (error: Error) => logger.warn({ worker: worker.id, cause: error.message }, 'worker channel error'));
    alive.add(worker);
  };
  const backoff = new RestartBackoff();
  const restarts = new Set<NodeJS.Timeout>();
  const uncleanExits: number[] = [];
  let phase: 'starting' | 'serving' | 'stopping' = 'starting';
  let forcing: string | undefined;
  let startFailed = false;
  let finished = false;
  let settle: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (settle = resolve));

  cluster.on('listening', (worker, address) => {
    if (serving.has(worker)) return;
    serving.add(worker);
    logger.info({ worker: worker.id, workerPid: worker.process.pid }, 'worker listening');
    if (phase !== 'starting') return;
    if (serving.size === 1) for (let i = 1; i < config.workers; i++) fork(false);
    if (serving.size === config.workers) {
      phase = 'serving';
      logServing(logger, config, address, metricsServer?.address() as AddressInfo | undefined);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker);
    const listened = serving.delete(worker);
    const line = { worker: worker.id, workerPid: worker.process.pid, code, signal };
    if (phase === 'serving') {
      const restartInMs = backoff.delayMs();
      logger.error({ ...line, restartInMs }, 'worker exited unexpectedly: starting another');
      const restart = setTimeout(() => {
        restarts.delete(restart);
        fork(false);
      }, restartInMs);
      restarts.add(restart);
      return;
    }
    if (phase === 'starting') {
      // A worker that exits with 1 has said why in its fatal line, which stays the last line.
      if (code !== 1) logger.fatal(line, 'a worker ended during the start');
      startFailed = true;
      stop();
    } else if (!forcing) {
      logger.info(line, 'worker exited');
    }
    if (listened && code !== 0) uncleanExits.push(worker.id);
    if (alive.size === 0) finish();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      // An operator who signals twice wants it gone now.
      if (phase === 'stopping') return force(`second ${signal} while shutting down`);
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      stop(signal);
    });
  }

  /** Each serving worker drains as on a signal; one still starting has nothing to drain. */
  function stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (phase === 'stopping') return;
    phase = 'stopping';
    for (const restart of restarts) clearTimeout(restart);
    for (const worker of alive) {
      if (serving.has(worker)) tell(worker, { type: 'user-management:stop', signal });
      else worker.process.kill('SIGTERM');
    }
    // Each worker forces its own exit after SHUTDOWN_TIMEOUT_MS; this is for one that cannot.
    const backstopMs = config.shutdownTimeoutMs + 2000;
    setTimeout(() => force(`workers still running ${backstopMs} ms after the signal`), backstopMs).unref();
    if (alive.size === 0) finish();
  }

  function force(reason: string): void {
    if (forcing) return;
    forcing = reason;
    for (const worker of alive) {
      if (serving.has(worker)) tell(worker, { type: 'user-management:force', reason });
      else worker.process.kill('SIGKILL');
    }
    setTimeout(() => {
      for (const worker of alive) worker.process.kill('SIGKILL');
    }, 1000).unref();
  }

  function finish(): void {
    if (finished) return;
    finished = true;
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    if (startFailed) {
      settle(1);
    } else if (forcing) {
      logger.error({ reason: forcing }, 'forcing exit: %s', forcing);
      settle(1);
    } else if (uncleanExits.length > 0) {
      logger.error({ workers: uncleanExits }, 'stopped, but not every worker finished its requests');
      settle(1);
    } else {
      logger.info('stopped');
      settle(0);
    }
  }

  fork(config.migrateOnStart);
  return exited;
}

function tell(worker: Worker, request: PrimaryRequest): void {
  if (worker.isConnected()) worker.send(request);
}
