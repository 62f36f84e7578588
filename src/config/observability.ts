import { z } from 'zod';
import { tracingSettings, tracingVariables } from './tracing.ts';
import { flag, type Problem, port } from './values/variables.ts';

export const observabilityVariables = z
  .object({
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .meta({ description: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.' }),
    METRICS: flag.default(true).meta({
      description: 'Serve Prometheus metrics on `GET /metrics` (docs/operations.md); `false`: not at all, and `/metrics` answers `404`.',
    }),
    METRICS_PORT: port.optional().meta({
      description:
        "The port `/metrics` is served on, bound on `HOST`, without authentication. In production always a port of its own: the API's port answers `/metrics` with `404`, and a `METRICS_PORT` equal to `PORT` stops the start (`0`: any free port, never the API's).",
      defaultText: '`PORT` in development, `9464` in production',
      example: '9464',
    }),
    ...tracingVariables.shape,
  })
  .meta({
    title: 'Observability',
    description:
      'What the service tells its operators: log lines, Prometheus metrics and OpenTelemetry traces (docs/operations.md#tracing).',
  });

type ObservabilityVariables = z.output<typeof observabilityVariables>;
/** The API's port, which the metrics' is compared with. */
type ApiPort = { PORT: number };

export function observabilitySettings(env: ObservabilityVariables & ApiPort, production: boolean) {
  const metricsPort = metricsPortOf(env, production);
  return {
    logLevel: env.LOG_LEVEL,
    /**
     * GET /metrics (`METRICS`): on the API's port, or on a port of its own (`METRICS_PORT`), always
     * in production, so the metrics are never served with the API. PORT=0 and METRICS_PORT=0 (any
     * free port) are two ports in production, one in development.
     */
    metrics: { enabled: env.METRICS, port: metricsPort, separate: production || metricsPort !== env.PORT },
    /** OpenTelemetry traces (`OTEL_EXPORTER_OTLP_ENDPOINT`…): undefined when no endpoint is set, so nothing is loaded. */
    tracing: tracingSettings(env),
  };
}

export type LogLevel = ObservabilityVariables['LOG_LEVEL'];

export function observabilityProblems(env: ObservabilityVariables & ApiPort, production: boolean): Problem[] {
  const metricsPort = metricsPortOf(env, production);
  if (!production || !env.METRICS || metricsPort !== env.PORT || metricsPort === 0) return [];
  return [['METRICS_PORT', `must differ from PORT (${env.PORT}) in production: metrics are never served with the API`]];
}

/** 9464: the default port of OpenTelemetry's Prometheus exporters, which scrape configs often expect. */
function metricsPortOf(env: ObservabilityVariables & ApiPort, production: boolean): number {
  return env.METRICS_PORT ?? (production ? 9464 : env.PORT);
}
