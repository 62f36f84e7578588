import type { Config } from './config/load-config.ts';
import type { Logger } from './infrastructure/logger.ts';

/**
 * Where the service serves, said once it does: the metrics' line, then the API's, which stays
 * last — scripts and tests wait for that one and read its `port`.
 */
export function logServing(logger: Logger, config: Config, api: { address: string; port: number }, metrics?: { port: number }): void {
  const shownHost = ['0.0.0.0', '::'].includes(api.address) ? 'localhost' : api.address;
  if (config.metrics.enabled) {
    const { port } = metrics ?? api;
    logger.info({ metricsPort: port }, `Prometheus metrics on http://${shownHost}:${port}/metrics`);
  }
  if (config.tracing) {
    const { shownEndpoint, protocol } = config.tracing;
    logger.info({ tracesEndpoint: shownEndpoint }, `OpenTelemetry traces to ${shownEndpoint} (OTLP ${protocol})`);
  }
  const served = config.graphiql ? 'GraphQL API and GraphiQL' : 'GraphQL API';
  logger.info({ port: api.port }, `${served} on http://${shownHost}:${api.port}/graphql`);
}
