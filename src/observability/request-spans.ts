import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/** Runs one request's handling inside its span. */
export type RequestTracer = (request: IncomingMessage, response: ServerResponse, handle: () => Promise<void>) => Promise<void>;

/**
 * A server span per request, named by method and route as HTTP's conventions say (`POST /graphql`),
 * child of the caller's span when a W3C `traceparent` came with it; ended when the response is.
 */
export function requestSpans(tracer: Tracer): RequestTracer {
  return (request, response, handle) => {
    const caller = propagation.extract(ROOT_CONTEXT, request.headers);
    const path = request.url?.split('?')[0];
    const method = request.method ?? 'GET';
    const span = tracer.startSpan(
      path === '/graphql' ? `${method} /graphql` : method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': path ?? '', ...(path === '/graphql' ? { 'http.route': path } : {}) },
      },
      caller,
    );
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    return context.with(trace.setSpan(caller, span), handle);
  };
}
