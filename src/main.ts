import cluster from 'node:cluster';
import { answerPrimary } from './cluster/cluster-metrics.ts';
import { obeyPrimary } from './cluster/worker.ts';
import { checkedOrExit, environmentConfigOrExit } from './infrastructure/environment-config.ts';
import { createLogger, terminalDestination } from './infrastructure/logger.ts';
import { StartupError } from './infrastructure/startup-error.ts';
import { hashBudget } from './runtime/hash-budget.ts';
import { logServing } from './start-lines.ts';

/** `npm start`: configuration from the environment (and .env), then serve until SIGTERM/SIGINT. */
const config = environmentConfigOrExit();
// What this machine affords: the only tuning that depends on it, worked out here alone.
const hashes = checkedOrExit(() => hashBudget(config));
const logger = createLogger(config.logLevel, await terminalDestination(config.production));
// A cluster's workers leave them to their primary, which says them once.
if (cluster.isPrimary) for (const warning of [...config.warnings, ...hashes.warnings]) logger.warn(warning);
// WEB_CONCURRENCY > 1: this process forks and watches the workers, which each run what follows.
if (cluster.isPrimary && config.workers > 1) {
  const { runPrimary } = await import('./cluster/primary.ts');
  process.exit(await runPrimary(config, logger));
}

// OpenTelemetry, only when an OTLP endpoint is set (none of it is loaded otherwise); before the
// service is imported, so that what it opens is traced. Each serving process traces its own requests.
const tracing = config.tracing && (await (await import('./observability/tracing.ts')).startTracing(config.tracing));
// Imported only here: a cluster's primary never loads the service itself.
const { createApp } = await import('./app.ts');
// A cluster's worker serves no METRICS_PORT: its primary does, with every worker's metrics summed.
const options = { hashesAtOnce: hashes.perProcess, tracing, ...(cluster.isWorker ? { metricsServer: answerPrimary } : {}) };
const app = await createApp(config, logger, options).catch((error: unknown) => {
  if (error instanceof StartupError) {
    logger.fatal({ dependency: error.dependency, cause: (error.cause as Error)?.message }, error.message);
  } else {
    logger.fatal({ err: error }, 'could not start');
  }
  process.exit(1);
});
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    // An operator who signals twice wants it gone now; so does a drain that outlasts its budget.
    if (stopping) forceExit(`second ${signal} while shutting down`);
    void stop(signal);
  });
}
// A cluster's worker: its primary passes the signals on. One that reached this worker as well counts once.
obeyPrimary({
  stop: (signal) => {
    if (!stopping) void stop(signal);
  },
  force: forceExit,
});

async function stop(signal: NodeJS.Signals): Promise<never> {
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  setTimeout(() => forceExit(`shutdown took longer than ${config.shutdownTimeoutMs} ms`), config.shutdownTimeoutMs).unref();
  await app.close();
  // The last requests' spans, sent before the process ends.
  await tracing?.shutdown();
  logger.info('stopped');
  process.exit(0);
}

// Only now that a signal is handled: whoever reads this line may signal at once.
const address = await app.listen().catch((error: Error) => {
  logger.fatal({ cause: error.message }, 'could not listen: free the port, or change PORT (or METRICS_PORT)');
  process.exit(1);
});
// In a cluster, the primary says it once every worker listens.
if (cluster.isPrimary) logServing(logger, config, address, app.metricsAddress());

function forceExit(reason: string): never {
  logger.error({ reason }, 'forcing exit: %s', reason);
  process.exit(1);
}
