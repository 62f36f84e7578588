import { z } from 'zod';
import { flag, positiveInt } from './values/variables.ts';

/**
 * The standard OpenTelemetry variables this service reads itself. The exporter reads the rest of
 * its own (`OTEL_EXPORTER_OTLP_HEADERS`, `…_TIMEOUT`, `…_COMPRESSION`, certificates), and
 * `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` name the resource.
 */
export const tracingVariables = z.object({
  OTEL_SDK_DISABLED: flag.default(false).meta({ description: '`true`: no traces, whatever else is set.' }),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).default('otlp').meta({ description: '`otlp`, or `none` for no traces.' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl().optional().meta({
    description: 'Turns tracing on: the OTLP/HTTP collector spans are sent to (`/v1/traces` is added).',
    defaultText: 'unset (no tracing, nothing of OpenTelemetry loaded)',
    example: 'http://localhost:4318',
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl().optional().meta({
    description: 'The full URL spans are sent to, taken as it is; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`.',
    defaultText: 'unset',
  }),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol()
    .optional()
    .meta({ description: '`http/protobuf` or `http/json`.', defaultText: '`http/protobuf`' }),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol().optional().meta({
    description: 'The same for traces alone; wins over `OTEL_EXPORTER_OTLP_PROTOCOL`.',
    defaultText: 'unset',
  }),
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on')
    .meta({ description: "Which requests are traced; `parentbased_*` follows an incoming `traceparent`'s decision." }),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .meta({ description: 'The share of requests the `traceidratio` samplers keep, 0 to 1.' }),
  OTEL_BSP_SCHEDULE_DELAY: positiveInt.default(5000).meta({ description: 'Milliseconds spans wait in memory before a batch is sent.' }),
});

function httpUrl() {
  return z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, such as http://localhost:4318' });
}

/** gRPC is the one OTLP transport not built in: a collector takes OTLP over HTTP on 4318. */
function otlpProtocol() {
  return z.enum(['http/protobuf', 'http/json'], {
    error: 'must be http/protobuf or http/json (gRPC is not built in: send OTLP over HTTP, port 4318 of a collector)',
  });
}

export type TracesSampler = z.output<typeof tracingVariables>['OTEL_TRACES_SAMPLER'];

/** On only when an endpoint is set and neither `OTEL_SDK_DISABLED` nor `OTEL_TRACES_EXPORTER=none` turns it off. */
export function tracingSettings(env: z.output<typeof tracingVariables>) {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || env.OTEL_SDK_DISABLED || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  return {
    /** Where spans go, for the start line: the origin alone (a path or query may hold a token). */
    shownEndpoint: new URL(endpoint).origin,
    /** OTLP's default is protobuf; JSON is easier to read on the wire. */
    protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    sampler: { kind: env.OTEL_TRACES_SAMPLER, ratio: env.OTEL_TRACES_SAMPLER_ARG },
    /** How long spans wait in memory before a batch is sent. */
    scheduleDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
  };
}

export type TracingSettings = NonNullable<ReturnType<typeof tracingSettings>>;
