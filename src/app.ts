import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpTerminator } from 'http-terminator';
import type { Registry } from 'prom-client';
import { openAdapters } from './adapters.ts';
import type { Clock } from './application/ports.ts';
import type { Config } from './config/load-config.ts';
import { createMetricsServer } from './http/endpoints/metrics-endpoint.ts';
import type { Logger } from './infrastructure/logger.ts';
import { createServiceMetrics } from './infrastructure/metrics/service-metrics.ts';
import { systemClock } from './infrastructure/system-clock.ts';
import type { Tracing } from './observability/tracing.ts';
import { createServer } from './server.ts';

export interface App {
  /** Starts listening on the configured host and port; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Where the metrics' own server listens, once listen() resolved; undefined when they are off or on the API's port. */
  metricsAddress(): AddressInfo | undefined;
  /**
   * Stops accepting connections, lets in-flight requests finish (for up to `shutdownTimeoutMs`),
   * then closes what the adapters opened, in reverse.
   */
  close(): Promise<void>;
}

export interface AppOptions {
  /**
   * Where the metrics go when they have a port of their own: by default a server of this
   * process's; undefined when someone else serves them (a cluster's primary, see main.ts).
   */
  metricsServer?: (registry: Registry) => Server | undefined;
  /** Password hashes this process runs at once: its share of the machine's, worked out in main.ts (src/runtime/). */
  hashesAtOnce: number;
  /** OpenTelemetry's spans, started in main.ts when an endpoint is set; undefined: no tracing. */
  tracing?: Pick<Tracing, 'traceRequest' | 'graphqlPlugin'> | undefined;
  /** The system's unless told: tests move a clock of their own through sessions' lifetimes. */
  clock?: Clock;
}

/** The service: configuration → adapters → observability → the HTTP server, closed by one lifecycle. */
export async function createApp(config: Config, logger: Logger, options: AppOptions): Promise<App> {
  const metrics = config.metrics.enabled ? createServiceMetrics() : undefined;
  const { tracing } = options;
  const { ports, health, lifecycle, publicKeys } = await openAdapters(config, logger, {
    metrics,
    hashesAtOnce: options.hashesAtOnce,
    clock: options.clock ?? systemClock,
  });
  const server = createServer({
    ports,
    publicKeys,
    http: config,
    operations: {
      logger,
      ...health,
      observingPlugins: [...(tracing ? [tracing.graphqlPlugin] : []), ...(metrics ? [metrics.graphqlPlugin] : [])],
      traceRequest: tracing?.traceRequest,
      metricsHere: config.metrics.separate ? undefined : metrics?.registry,
    },
  });
  // In production the metrics get a port of their own: whoever reaches the API never sees them.
  const { metricsServer: serveMetrics = createMetricsServer } = options;
  const metricsServer = metrics && config.metrics.separate ? serveMetrics(metrics.registry) : undefined;
  lifecycle.onClose(stopServing(server, metricsServer, config.shutdownTimeoutMs));
  return {
    listen: async () => {
      if (metricsServer) await listening(metricsServer, config.metrics.port, config.host);
      return listening(server, config.port, config.host);
    },
    metricsAddress: () => (metricsServer?.address() ?? undefined) as AddressInfo | undefined,
    close: () => lifecycle.close(),
  };
}

/** What stops serving: it refuses new connections, closes the metrics' server, and lets in-flight requests finish. */
function stopServing(server: Server, metricsServer: Server | undefined, shutdownTimeoutMs: number): () => Promise<void> {
  // Unlike server.close(), also closes keep-alive connections as their in-flight responses end:
  // made now, to track every connection from the first.
  const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: shutdownTimeoutMs });
  return async () => {
    // Refuse new connections now: http-terminator alone keeps accepting (and dropping) them until
    // the drain ends, and then finds the server closed already, which is what we want.
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
  };
}

function listening(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}
