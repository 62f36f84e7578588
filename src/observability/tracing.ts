import { createRequire } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Plugin } from 'graphql-yoga';
import type { TracingSettings } from '../config/tracing.ts';
import { graphqlSpans } from './graphql-spans.ts';
import { type RequestTracer, requestSpans } from './request-spans.ts';
import { samplerOf } from './sampler.ts';
import { withoutLiterals } from './sql-text.ts';

/** What the server takes from tracing: a span per request, spans per GraphQL phase, and a flush at the end. */
export interface Tracing {
  traceRequest: RequestTracer;
  graphqlPlugin: Plugin;
  /** Sends the spans still waiting, then stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry, set up once per serving process before the service is imported (main.ts), and
 * only when an OTLP endpoint is configured: otherwise none of it is loaded. Spans: the HTTP request
 * (its parent from an incoming `traceparent`) → the GraphQL operation → parse, validate, execute →
 * each PostgreSQL query.
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'user-management-graphql' }).merge(detectResources({ detectors: [envDetector] })),
    sampler: samplerOf(settings.sampler),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: await exporterFor(settings.protocol), scheduledDelayMillis: settings.scheduleDelayMs }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new PgInstrumentation({
        // Only queries a request made: the webhook worker's polls, twice a second, would each be a trace.
        requireParentSpan: true,
        // MikroORM inlines values into the SQL text: an email, a password hash. The statement's shape is what helps.
        requestHook: (span, { query }) => {
          if (span.isRecording()) span.setAttribute('db.query.text', withoutLiterals(query.text));
        },
      }),
    ],
  });
  // pg is loaded already (the logger's error format imports it); requiring it once more lets the
  // instrumentation patch its classes, which the ESM import shares.
  const require = createRequire(import.meta.url);
  require('pg');
  require('pg-pool');
  const tracer = provider.getTracer('user-management-graphql');
  return {
    traceRequest: requestSpans(tracer),
    graphqlPlugin: graphqlSpans(tracer),
    shutdown: () => provider.shutdown(),
  };
}

/** OTLP over HTTP, as `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` says; each exporter reads its endpoint and headers itself. */
async function exporterFor(protocol: TracingSettings['protocol']): Promise<SpanExporter> {
  if (protocol === 'http/json') return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
}
