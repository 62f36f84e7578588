import { createApp } from './app.ts';
import { environmentConfigOrExit } from './infrastructure/environment-config.ts';
import { createLogger, terminalDestination } from './infrastructure/logger.ts';
import { StartupError } from './infrastructure/startup-error.ts';

/** `npm start`: configuration from the environment (and .env), then serve until SIGTERM/SIGINT. */
const config = environmentConfigOrExit();
const logger = createLogger(config.logLevel, await terminalDestination(config.production));
for (const warning of config.warnings) logger.warn(warning);

const app = await createApp(config, logger).catch((error: unknown) => {
  if (error instanceof StartupError) {
    logger.fatal({ dependency: error.dependency, cause: (error.cause as Error)?.message }, error.message);
  } else {
    logger.fatal({ err: error }, 'could not start');
  }
  process.exit(1);
});
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    // An operator who signals twice wants it gone now; so does a drain that outlasts its budget.
    if (stopping) forceExit(`second ${signal} while shutting down`);
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    setTimeout(() => forceExit(`shutdown took longer than ${config.shutdownTimeoutMs} ms`), config.shutdownTimeoutMs).unref();
    await app.close();
    logger.info('stopped');
    process.exit(0);
  });
}

// Only now that a signal is handled: whoever reads this line may signal at once.
const address = await app.listen().catch((error: Error) => {
  logger.fatal({ cause: error.message }, 'could not listen: free the port, or change PORT (or METRICS_PORT)');
  process.exit(1);
});
const shownHost = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.address;
const served = config.graphiql ? 'GraphQL API and GraphiQL' : 'GraphQL API';
// Before the API's line, which stays last: scripts wait for that one and read its `port`.
if (config.metrics.enabled) {
  const metrics = app.metricsAddress() ?? address;
  logger.info({ metricsPort: metrics.port }, `Prometheus metrics on http://${shownHost}:${metrics.port}/metrics`);
}
logger.info({ port: address.port }, `${served} on http://${shownHost}:${address.port}/graphql`);

function forceExit(reason: string): never {
  logger.error({ reason }, 'forcing exit: %s', reason);
  process.exit(1);
}
